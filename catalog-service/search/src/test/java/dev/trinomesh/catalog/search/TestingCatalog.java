package dev.trinomesh.catalog.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.descriptor.DescriptorSyntaxException;
import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.catalog.registry.api.ProductCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A registry of fixed products (the real one needs a database), whose revision the test moves by replacing them. */
final class TestingCatalog
        implements ProductCatalog
{
    private static final Path DEMO = Path.of("../../examples/demo");

    private volatile CatalogSnapshot snapshot;

    TestingCatalog(List<DataProduct> products)
    {
        replace(1, products);
    }

    /** The demo's product descriptors (examples/demo): sales_orders, sales_revenue, customer_profiles, supply_parts, returns_analysis. */
    static List<DataProduct> demo()
    {
        try (Stream<Path> files = Files.list(DEMO)) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .sorted()
                    .flatMap(file -> read(file).stream())
                    .filter(document -> document.path("kind").asText().equals(DataProduct.KIND))
                    .map(document -> DescriptorDocuments.bind(document, DataProduct.class))
                    .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void replace(long revision, List<DataProduct> products)
    {
        Instant now = Instant.parse("2026-01-05T09:00:00Z");
        snapshot = new CatalogSnapshot(revision, products.stream().map(product -> new ProductRecord(product.name(), 1, now, now, "test", product)).toList());
    }

    @Override
    public long registryRevision()
    {
        return snapshot.revision();
    }

    @Override
    public CatalogSnapshot snapshot()
    {
        return snapshot;
    }

    @Override
    public Optional<ProductRecord> product(String name)
    {
        return snapshot.products().stream().filter(product -> product.name().equals(name)).findFirst();
    }

    @Override
    public Optional<ProductRecord> findRevision(String name, int revision)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Integer> productRevisions()
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, String> lakeNamespaces()
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public void checkCanOperate(String product, String user)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public long advanceRevision()
    {
        throw new UnsupportedOperationException();
    }

    private static List<JsonNode> read(Path file)
    {
        try {
            return DescriptorDocuments.readDocuments(Files.readString(file));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (DescriptorSyntaxException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
