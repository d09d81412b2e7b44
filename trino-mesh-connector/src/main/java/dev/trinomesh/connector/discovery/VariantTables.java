package dev.trinomesh.connector.discovery;

import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.connector.catalog.MeshCatalogCache;

import java.util.List;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * {@code metadata.variants}: the tables served beside datasets, a previous major's during its deprecation
 * window ({@code orders_v1}) and releases ({@code orders@2026-q3}), with what each stands for. Read from the
 * cached catalog, like {@code metadata.datasets}; a previous major's table stays listed after its window
 * ends, while its product still declares the window, so that consumers can see why it is gone.
 */
final class VariantTables
{
    private VariantTables() {}

    static DiscoveryTable<DatasetVariant> variants(MeshCatalogCache cache, String catalog)
    {
        return DiscoveryTable.fromCatalog("variants", "Tables served beside datasets: previous majors during their deprecation window, and data releases", List.of(
                new Field<>("product", VARCHAR, "Product whose schema serves the table", DatasetVariant::product),
                new Field<>("table_name", VARCHAR, "The table, e.g. orders_v1 or orders@2026-q3", DatasetVariant::table),
                new Field<>("qualified_name", VARCHAR, "Name to query it by (quote a release's name: it holds '@')",
                        variant -> "%s.%s.\"%s\"".formatted(catalog, variant.product(), variant.table())),
                new Field<>("dataset", VARCHAR, "The dataset it stands for, whose governance it gets", DatasetVariant::dataset),
                new Field<>("kind", VARCHAR, "previous-major or release", variant -> variant.kind().wireName()),
                new Field<>("version", VARCHAR, "Contract version it serves: the previous major's, or the product's when the release was made", DatasetVariant::version),
                new Field<>("served_until", DATE, "Last day a previous major is served (UTC); null for a release", variant -> variant.until() == null ? null : variant.until().toEpochDay()),
                new Field<>("snapshot_id", BIGINT, "Iceberg snapshot a release reads; null for a previous major", DatasetVariant::snapshotId),
                new Field<>("description", VARCHAR, "What it is", variant -> variant.definition().description())),
                catalogView -> catalogView.variants().stream(),
                cache);
    }
}
