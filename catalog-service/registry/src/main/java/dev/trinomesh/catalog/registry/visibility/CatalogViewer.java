package dev.trinomesh.catalog.registry.visibility;

import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.api.governance.GovernedDataset;
import dev.trinomesh.api.governance.GovernedProduct;
import dev.trinomesh.api.governance.Subject;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.visibility.VisibilityIndex.DatasetOf;
import dev.trinomesh.catalog.registry.visibility.VisibilityIndex.Product;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static com.google.common.base.Suppliers.memoize;
import static java.util.Objects.requireNonNull;

/**
 * One caller's view, on one index: everything for governance admins and the Trinos ({@code subject} empty); for a
 * person, the products they own (as product or domain owner) or may read a dataset of. Lives for one request; what it
 * decides is kept, so a listing decides each product once.
 */
final class CatalogViewer
        implements Viewer
{
    private final String user;
    private final Supplier<VisibilityIndex> index;
    private final Optional<Subject> subject;
    private final boolean trinoListing;
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
    private final Supplier<List<String>> visible;
    private final Supplier<Set<String>> sources;

    CatalogViewer(String user, Supplier<VisibilityIndex> index, Optional<Subject> subject)
    {
        this(user, index, subject, false);
    }

    private CatalogViewer(String user, Supplier<VisibilityIndex> index, Optional<Subject> subject, boolean trinoListing)
    {
        this.user = requireNonNull(user, "user is null");
        this.index = requireNonNull(index, "index is null");
        this.subject = requireNonNull(subject, "subject is null");
        this.trinoListing = trinoListing;
        this.visible = memoize(() -> index.get().products().keySet().stream().filter(this::canSee).sorted().toList());
        this.sources = memoize(this::computeReadableSources);
    }

    @Override
    public String user()
    {
        return user;
    }

    @Override
    public Viewer listedInTrino()
    {
        return trinoListing ? this : new CatalogViewer(user, index, subject, true);
    }

    @Override
    public boolean seesEverything()
    {
        return subject.isEmpty();
    }

    @Override
    public boolean canSee(String product)
    {
        return seen.computeIfAbsent(product, name -> index.get().product(name).map(this::decide).orElse(false));
    }

    private boolean decide(Product product)
    {
        if (subject.isEmpty()) {
            return true;
        }
        Subject person = subject.orElseThrow();
        Optional<GovernedProduct> served = index.get().governed(product.name()).filter(GovernedProduct::served);
        if (trinoListing && served.isPresent()) {
            // The mesh access control's rule for listing a product's schema.
            return index.get().governance().canReadAny(person, served.orElseThrow());
        }
        if (person.principals().contains(product.owner()) || index.get().domainOwner(product.domain()).filter(person.principals()::contains).isPresent()) {
            return true;
        }
        CompiledGovernance governance = index.get().governance();
        return index.get().governed(product.name()).filter(governed -> governance.canReadAny(person, governed)).isPresent();
    }

    @Override
    public boolean canSeeDomain(String domain)
    {
        if (!index.get().domainExists(domain)) {
            return false;
        }
        if (subject.isEmpty() || index.get().domainOwner(domain).filter(subject.orElseThrow().principals()::contains).isPresent()) {
            return true;
        }
        return visibleProducts(domain) > 0;
    }

    @Override
    public boolean ownsDomain(String domain)
    {
        if (subject.isEmpty()) {
            return true;
        }
        Set<String> principals = subject.orElseThrow().principals();
        return index.get().domainOwner(domain).filter(principals::contains).isPresent()
                || index.get().products().values().stream().anyMatch(product -> product.domain().equals(domain) && principals.contains(product.owner()));
    }

    @Override
    public int visibleProducts(String domain)
    {
        return (int) visibleProducts().stream().filter(name -> index.get().products().get(name).domain().equals(domain)).count();
    }

    @Override
    public List<String> visibleProducts()
    {
        return visible.get();
    }

    @Override
    public boolean canRead(String product, String dataset)
    {
        if (subject.isEmpty()) {
            return true;
        }
        Optional<GovernedProduct> governed = index.get().governed(product);
        if (governed.isEmpty()) {
            return false;
        }
        // A previous major's table (orders_v1) is in governance itself, and a pinned table (orders@snapshot:42) is resolved
        // by it as the table it pins; a release (orders@2026-q3) is governed as its dataset.
        Optional<GovernedDataset> governedDataset = governed.orElseThrow().dataset(dataset)
                .or(() -> dataset.indexOf('@') > 0 ? governed.orElseThrow().dataset(dataset.substring(0, dataset.indexOf('@'))) : Optional.empty());
        return governedDataset.filter(table -> index.get().governance().readable(subject.orElseThrow(), table)).isPresent();
    }

    @Override
    public boolean canSeeLakeNamespace(String namespace)
    {
        if (subject.isEmpty()) {
            return true;
        }
        return index.get().namespaceOwner(namespace).filter(product -> canSee(product.name())).isPresent();
    }

    @Override
    public Set<String> readableSources()
    {
        return sources.get();
    }

    private Set<String> computeReadableSources()
    {
        Set<String> readable = new TreeSet<>();
        index.get().datasetsBySource().forEach((table, datasets) -> {
            for (DatasetOf dataset : datasets) {
                if (canRead(dataset.product(), dataset.dataset())) {
                    readable.add(table);
                    return;
                }
            }
        });
        return Set.copyOf(readable);
    }
}
