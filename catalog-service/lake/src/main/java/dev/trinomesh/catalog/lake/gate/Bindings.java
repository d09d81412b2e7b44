package dev.trinomesh.catalog.lake.gate;

import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.QualifiedTableName;
import dev.trinomesh.catalog.core.RevisionCache;
import dev.trinomesh.catalog.core.ServiceConfig;
import dev.trinomesh.catalog.lake.api.Binding;
import dev.trinomesh.catalog.lake.api.LakeBindings;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import jakarta.inject.Inject;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Which lake tables the registry binds to contracts: a dataset of a published or deprecated product
 * whose source is {@code <lake catalog>.<namespace>.<table>}. Rebuilt when the registry revision moves.
 */
public class Bindings
        implements LakeBindings
{
    private final ProductCatalog registry;
    private final String lakeCatalog;
    private final RevisionCache<Map<TableIdentifier, List<Binding>>> byTable = new RevisionCache<>();

    @Inject
    public Bindings(ProductCatalog registry, ServiceConfig config)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.lakeCatalog = config.getLakeCatalog();
    }

    @Override
    public List<Binding> of(TableIdentifier table)
    {
        return current().getOrDefault(table, List.of());
    }

    @Override
    public Optional<TableIdentifier> boundTable(Dataset dataset)
    {
        if (!dataset.source().hasTable()) {
            return Optional.empty();
        }
        QualifiedTableName name = QualifiedTableName.parse(dataset.source().table());
        if (!name.catalog().equals(lakeCatalog)) {
            return Optional.empty();
        }
        return Optional.of(TableIdentifier.of(Namespace.of(name.schema()), name.table()));
    }

    private Map<TableIdentifier, List<Binding>> current()
    {
        CatalogSnapshot snapshot = registry.snapshot();
        return byTable.get(snapshot.revision(), () -> index(snapshot));
    }

    private Map<TableIdentifier, List<Binding>> index(CatalogSnapshot snapshot)
    {
        Map<TableIdentifier, List<Binding>> index = new HashMap<>();
        for (ProductRecord product : snapshot.products()) {
            if (!product.status().isServed()) {
                continue;
            }
            for (Dataset dataset : product.descriptor().spec().datasets()) {
                boundTable(dataset).ifPresent(table -> index.computeIfAbsent(table, _ -> new ArrayList<>()).add(new Binding(product, dataset)));
            }
        }
        return Map.copyOf(index);
    }
}
