package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.model.ChangedRows;
import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.api.model.PinnedSnapshot;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.quality.DatasetQuality;
import io.trino.spi.connector.SchemaTableName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, query-ready view of the registry at one revision: every product, the variants served
 * beside datasets, for the served products (published, deprecated) their datasets and variants compiled
 * into view definitions, and the health of every
 * dataset checked so far (keyed by product and dataset). Lookups are map reads.
 */
public record MeshCatalog(long revision, List<ProductRecord> products, List<DatasetVariant> variants, Map<String, ServedProduct> schemas, Map<SchemaTableName, DatasetQuality> quality)
{
    public MeshCatalog
    {
        products = List.copyOf(products);
        variants = List.copyOf(variants);
        schemas = Map.copyOf(schemas);
        quality = Map.copyOf(quality);
    }

    /** A dataset's health after its latest checks; empty when it was never checked. */
    public Optional<DatasetQuality> quality(String product, String dataset)
    {
        return Optional.ofNullable(quality.get(new SchemaTableName(product, dataset)));
    }

    public Optional<ServedProduct> schema(String name)
    {
        return Optional.ofNullable(schemas.get(name));
    }

    /**
     * A table of a served product: a dataset, a variant, or one of them pinned at an Iceberg snapshot
     * ({@code orders@snapshot:42}, {@link PinnedSnapshot}) or restricted to the rows added between two
     * ({@code orders@changes:41:42}, {@link ChangedRows}), which is resolved only when named, never listed. Fails for
     * a pinned table of a table that cannot be pinned ({@link DatasetView#pinnedAt}).
     */
    public Optional<DatasetView> dataset(SchemaTableName name)
    {
        Optional<ServedProduct> product = schema(name.getSchemaName());
        if (product.isEmpty()) {
            return Optional.empty();
        }
        Optional<DatasetView> table = product.orElseThrow().dataset(name.getTableName());
        if (table.isPresent()) {
            return table;
        }
        Optional<ChangedRows> changes = ChangedRows.parse(name.getTableName());
        if (changes.isPresent()) {
            ChangedRows range = changes.orElseThrow();
            return product.orElseThrow().dataset(range.table()).map(base -> base.changesBetween(range.fromSnapshotId(), range.toSnapshotId()));
        }
        return PinnedSnapshot.parse(name.getTableName())
                .flatMap(pinned -> product.orElseThrow().dataset(pinned.table()).map(base -> base.pinnedAt(pinned.snapshotId())));
    }
}
