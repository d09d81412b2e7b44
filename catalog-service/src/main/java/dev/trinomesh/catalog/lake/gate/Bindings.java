package dev.trinomesh.catalog.lake.gate;

import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.catalog.lake.LakeConfig;
import dev.trinomesh.catalog.registry.ProductRegistry;
import jakarta.inject.Inject;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Which lake tables the registry binds to contracts: a dataset of a published or deprecated product
 * whose source is {@code <lake catalog>.<namespace>.<table>}. Rebuilt when the registry revision moves.
 */
public class Bindings
{
    private final ProductRegistry registry;
    private final String lakeCatalog;
    private final AtomicReference<Index> index = new AtomicReference<>(new Index(-1, Map.of(), Map.of()));

    private record Index(long revision, Map<TableIdentifier, List<Binding>> byTable, Map<String, ProductRecord> namespaceOwners) {}

    @Inject
    public Bindings(ProductRegistry registry, LakeConfig config)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.lakeCatalog = config.getTrinoCatalog();
    }

    public List<Binding> of(TableIdentifier table)
    {
        return current().byTable().getOrDefault(table, List.of());
    }

    /** Every binding, by table. */
    public Map<TableIdentifier, List<Binding>> all()
    {
        return current().byTable();
    }

    /** The product that owns a namespace, whatever its status. */
    public Optional<ProductRecord> namespaceOwner(String namespace)
    {
        return Optional.ofNullable(current().namespaceOwners().get(namespace));
    }

    /** The lake table a dataset reads, when its source is a table of the lake catalog. */
    public Optional<TableIdentifier> boundTable(Dataset dataset)
    {
        if (!dataset.source().hasTable()) {
            return Optional.empty();
        }
        List<String> parts = List.of(dataset.source().table().replace("\"", "").split("\\."));
        if (parts.size() != 3 || !parts.getFirst().equals(lakeCatalog)) {
            return Optional.empty();
        }
        return Optional.of(TableIdentifier.of(Namespace.of(parts.get(1)), parts.get(2)));
    }

    private Index current()
    {
        CatalogSnapshot snapshot = registry.snapshot();
        Index known = index.get();
        if (known.revision() == snapshot.revision()) {
            return known;
        }
        Map<TableIdentifier, List<Binding>> byTable = new HashMap<>();
        Map<String, ProductRecord> owners = new HashMap<>();
        for (ProductRecord product : snapshot.products()) {
            owners.put(product.descriptor().lakeNamespace(), product);
            if (!product.status().isServed()) {
                continue;
            }
            for (Dataset dataset : product.descriptor().spec().datasets()) {
                boundTable(dataset).ifPresent(table -> byTable.computeIfAbsent(table, _ -> new ArrayList<>()).add(new Binding(product, dataset)));
            }
        }
        Index fresh = new Index(snapshot.revision(), Map.copyOf(byTable), Map.copyOf(owners));
        index.set(fresh);
        return fresh;
    }
}
