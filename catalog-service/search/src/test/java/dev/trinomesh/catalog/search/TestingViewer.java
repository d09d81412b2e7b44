package dev.trinomesh.catalog.search;

import dev.trinomesh.catalog.registry.api.Viewer;

import java.util.List;
import java.util.Set;

/** A viewer who sees the products named, or everything. */
record TestingViewer(String user, boolean seesEverything, List<String> visibleProducts)
        implements Viewer
{
    static Viewer everything()
    {
        return new TestingViewer("admin", true, List.of());
    }

    static Viewer seeing(String... products)
    {
        return new TestingViewer("someone", false, List.of(products));
    }

    @Override
    public Viewer listedInTrino()
    {
        return this;
    }

    @Override
    public boolean canSee(String product)
    {
        return seesEverything || visibleProducts.contains(product);
    }

    @Override
    public boolean canSeeDomain(String domain)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean ownsDomain(String domain)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public int visibleProducts(String domain)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean canRead(String product, String dataset)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean canSeeLakeNamespace(String namespace)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<String> readableSources()
    {
        throw new UnsupportedOperationException();
    }
}
