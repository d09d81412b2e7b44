package dev.trinomesh.connector.discovery;

import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityStatus;
import dev.trinomesh.connector.catalog.MeshCatalogCache;
import io.trino.spi.type.ArrayType;

import java.util.List;
import java.util.Optional;

import static dev.trinomesh.connector.discovery.DiscoveryTables.strings;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * The semantic layer as SQL: {@code metadata.metrics}, one row per dataset that declares a {@code metric}
 * block, with what it measures, by which dimensions, who owns it, its health and the SQL that defines it.
 * Read from the cached catalog, like {@code metadata.datasets}.
 */
final class MetricTables
{
    private static final ArrayType VARCHAR_ARRAY = new ArrayType(VARCHAR);

    record MetricRow(ProductRecord product, Dataset dataset, Optional<DatasetQuality> quality) {}

    private MetricTables() {}

    static DiscoveryTable<MetricRow> metrics(MeshCatalogCache cache, String catalog)
    {
        return DiscoveryTable.fromCatalog("metrics", "Business metrics of all data products (datasets with a metric block), one row per metric", List.of(
                new Field<>("product", VARCHAR, "Product the metric belongs to", row -> row.product().name()),
                new Field<>("metric", VARCHAR, "Metric name; the table name in the product's schema", row -> row.dataset().name()),
                new Field<>("qualified_name", VARCHAR, "Name to query it by, when its product is published or deprecated", row -> "%s.%s.%s".formatted(catalog, row.product().name(), row.dataset().name())),
                new Field<>("description", VARCHAR, "What the metric means", row -> row.dataset().description()),
                new Field<>("owner", VARCHAR, "Who answers for the metric: its own owner, or else its product's", row -> row.dataset().effectiveOwner(row.product().metadata().owner())),
                new Field<>("measure", VARCHAR, "The column holding the metric's values", row -> row.dataset().metric().measure()),
                new Field<>("unit", VARCHAR, "Unit of the values, e.g. USD; null when not stated", row -> row.dataset().metric().unit()),
                new Field<>("dimensions", VARCHAR_ARRAY, "Columns the measure is broken down by; empty for a single value", row -> strings(row.dataset().metric().dimensions())),
                new Field<>("grain", VARCHAR, "Time granularity of its date or timestamp dimension (hour, day, week, month, quarter, year); null when not stated", row -> row.dataset().metric().grain()),
                new Field<>("status", VARCHAR, "Status of the product", row -> row.product().status().wireName()),
                new Field<>("version", VARCHAR, "Contract version of the product", row -> row.product().metadata().version()),
                new Field<>("quality_status", VARCHAR, "Health after the latest quality checks: failing, stale, warning, healthy; unknown when never checked",
                        row -> row.quality().map(DatasetQuality::status).orElse(QualityStatus.UNKNOWN).wireName()),
                new Field<>("definition", VARCHAR, "The SQL that defines the metric", row -> row.dataset().source().sql())),
                catalogView -> catalogView.products().stream()
                        .flatMap(product -> product.descriptor().spec().datasets().stream()
                                .filter(Dataset::hasMetric)
                                .map(dataset -> new MetricRow(product, dataset, catalogView.quality(product.name(), dataset.name())))),
                cache);
    }
}
