package dev.trinomesh.connector.discovery;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityStatus;
import dev.trinomesh.connector.MeshCatalogName;
import dev.trinomesh.connector.catalog.MeshCatalogCache;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.type.ArrayType;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * The SQL-visible discovery of the mesh, in schema {@code metadata}: {@code products}, {@code datasets}
 * and {@code columns}, with owners, status, versions, tags, classifications, descriptions and each
 * dataset's quality, so that any client or BI tool can search the mesh with SQL. Every registered product
 * is listed, whatever its status; only published and deprecated ones are queryable schemas.
 */
public class DiscoveryTables
{
    public static final String SCHEMA = "metadata";
    private static final ArrayType VARCHAR_ARRAY = new ArrayType(VARCHAR);

    private record DatasetRow(ProductRecord product, Dataset dataset, Optional<DatasetQuality> quality) {}

    private record ColumnRow(ProductRecord product, Dataset dataset, Column column, int position) {}

    private final Set<SystemTable> tables;

    @Inject
    public DiscoveryTables(MeshCatalogCache cache, MeshCatalogName catalogName, CatalogServiceClient client)
    {
        String catalog = catalogName.value();
        DiscoveryTable<ProductRecord> products = DiscoveryTable.fromCatalog("products", "Data products registered in the mesh, one row per product", List.of(
                new Field<>("product", VARCHAR, "Product name; a published product is the schema of this name", ProductRecord::name),
                new Field<>("domain", VARCHAR, "Business domain", product -> product.metadata().domain()),
                new Field<>("owner", VARCHAR, "Owning group or user", product -> product.metadata().owner()),
                new Field<>("status", VARCHAR, "draft, published, deprecated or retired", product -> product.status().wireName()),
                new Field<>("version", VARCHAR, "Semantic version of the contract", product -> product.metadata().version()),
                new Field<>("description", VARCHAR, "What the product is for", product -> product.metadata().description()),
                new Field<>("tags", VARCHAR_ARRAY, "Tags for search", product -> strings(product.metadata().tags())),
                new Field<>("consumers", VARCHAR_ARRAY, "Principals the product is meant for", product -> strings(product.descriptor().spec().access().consumers())),
                new Field<>("dataset_count", BIGINT, "Number of datasets", product -> (long) product.descriptor().spec().datasets().size()),
                new Field<>("revision", BIGINT, "Registry revision of the descriptor", product -> (long) product.revision()),
                new Field<>("updated_at", TIMESTAMP_TZ_MILLIS, "When the descriptor last changed", product -> timestamp(product.updatedAt())),
                new Field<>("updated_by", VARCHAR, "Who changed it last", ProductRecord::updatedBy)),
                catalogView -> catalogView.products().stream(),
                cache);

        DiscoveryTable<DatasetRow> datasets = DiscoveryTable.fromCatalog("datasets", "Datasets of all data products, one row per dataset", List.of(
                new Field<>("product", VARCHAR, "Product the dataset belongs to", row -> row.product().name()),
                new Field<>("dataset", VARCHAR, "Dataset name; the table name in the product's schema", row -> row.dataset().name()),
                new Field<>("qualified_name", VARCHAR, "Name to query it by, when its product is published or deprecated", row -> "%s.%s.%s".formatted(catalog, row.product().name(), row.dataset().name())),
                new Field<>("kind", VARCHAR, "dataset, or metric when it declares a metric block (see metadata.metrics)", row -> row.dataset().hasMetric() ? "metric" : "dataset"),
                new Field<>("domain", VARCHAR, "Business domain", row -> row.product().metadata().domain()),
                new Field<>("owner", VARCHAR, "Owning group or user: the dataset's own owner, or else its product's", row -> row.dataset().effectiveOwner(row.product().metadata().owner())),
                new Field<>("status", VARCHAR, "Status of the product", row -> row.product().status().wireName()),
                new Field<>("version", VARCHAR, "Contract version of the product", row -> row.product().metadata().version()),
                new Field<>("description", VARCHAR, "What the dataset holds", row -> row.dataset().description()),
                new Field<>("source_kind", VARCHAR, "table or sql", row -> row.dataset().source().hasTable() ? "table" : "sql"),
                new Field<>("source", VARCHAR, "Source table, or the query that defines the dataset", row -> row.dataset().source().hasTable() ? row.dataset().source().table() : row.dataset().source().sql()),
                new Field<>("column_count", BIGINT, "Number of contracted columns", row -> (long) row.dataset().columns().size()),
                new Field<>("freshness_max_age", VARCHAR, "Freshness SLA, when declared", row -> row.dataset().freshness() == null ? null : row.dataset().freshness().maxAge()),
                new Field<>("quality_check_count", BIGINT, "Number of declared quality checks", row -> (long) row.dataset().quality().size()),
                new Field<>("quality_status", VARCHAR, "Health after the latest quality checks: failing (a blocking check failed), stale, warning, healthy; unknown when never checked",
                        row -> row.quality().map(DatasetQuality::status).orElse(QualityStatus.UNKNOWN).wireName()),
                new Field<>("quality_checked_at", TIMESTAMP_TZ_MILLIS, "When its checks last ran; null when never",
                        row -> row.quality().map(DatasetQuality::checkedAt).map(DiscoveryTables::timestamp).orElse(null)),
                new Field<>("blocked_by", VARCHAR, "The failing blocking check that opened its circuit breaker (reading it fails unless the session sets read_failing); null when it is not blocked",
                        row -> row.quality().map(DatasetQuality::blockedBy).orElse(null))),
                catalogView -> catalogView.products().stream()
                        .flatMap(product -> product.descriptor().spec().datasets().stream()
                                .map(dataset -> new DatasetRow(product, dataset, catalogView.quality(product.name(), dataset.name())))),
                cache);

        DiscoveryTable<ColumnRow> columns = DiscoveryTable.fromCatalog("columns", "Contracted columns of all datasets, one row per column", List.of(
                new Field<>("product", VARCHAR, "Product", row -> row.product().name()),
                new Field<>("dataset", VARCHAR, "Dataset", row -> row.dataset().name()),
                new Field<>("column_name", VARCHAR, "Column", row -> row.column().name()),
                new Field<>("ordinal_position", BIGINT, "Position in the dataset, from 1", row -> (long) row.position()),
                new Field<>("data_type", VARCHAR, "Contracted Trino type", row -> row.column().type()),
                new Field<>("required", BOOLEAN, "Whether the contract forbids nulls", row -> row.column().required()),
                new Field<>("is_unique", BOOLEAN, "Whether the contract promises unique values", row -> row.column().unique()),
                new Field<>("description", VARCHAR, "What the column means", row -> row.column().description()),
                new Field<>("classifications", VARCHAR_ARRAY, "Classification tags such as pii", row -> strings(row.column().classification())),
                new Field<>("domain", VARCHAR, "Business domain", row -> row.product().metadata().domain()),
                new Field<>("owner", VARCHAR, "Owning group or user of the dataset", row -> row.dataset().effectiveOwner(row.product().metadata().owner())),
                new Field<>("status", VARCHAR, "Status of the product", row -> row.product().status().wireName())),
                catalogView -> catalogView.products().stream()
                        .flatMap(product -> product.descriptor().spec().datasets().stream()
                                .flatMap(dataset -> IntStream.range(0, dataset.columns().size())
                                        .mapToObj(index -> new ColumnRow(product, dataset, dataset.columns().get(index), index + 1)))),
                cache);

        tables = Set.of(products, datasets, columns, LakeTables.commits(client), LakeTables.freshness(client),
                LineageTables.edges(client), LineageTables.usage(client), LineageTables.audit(client), QualityTables.results(client),
                MetricTables.metrics(cache, catalog), VariantTables.variants(cache, catalog));
    }

    public Set<SystemTable> tables()
    {
        return tables;
    }

    static Block strings(List<String> values)
    {
        BlockBuilder builder = VARCHAR.createBlockBuilder(null, values.size());
        values.forEach(value -> VARCHAR.writeString(builder, value));
        return builder.build();
    }

    static long timestamp(Instant instant)
    {
        return packDateTimeWithZone(instant.toEpochMilli(), UTC_KEY);
    }

}
