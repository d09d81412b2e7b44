package dev.trinomesh.connector.discovery;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.lineage.AuditEntry;
import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.api.lineage.LineageEdge;
import io.trino.spi.type.ArrayType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.trinomesh.connector.discovery.DiscoveryTables.strings;
import static dev.trinomesh.connector.discovery.DiscoveryTables.timestamp;
import static dev.trinomesh.connector.discovery.ServiceTables.equalTo;
import static dev.trinomesh.connector.discovery.ServiceTables.fromService;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * Lineage, usage and audit as SQL, fetched from the catalog service's lineage store when scanned:
 * {@code metadata.lineage_edges} (the column and dataset graph; walk it with {@code WITH RECURSIVE}), read for the
 * query's user so that the service leaves out what they may not see and names a hidden end {@code restricted-N}
 * (Trino's access control has no row filter for it: visibility is by both ends, not by one product column),
 * {@code metadata.usage} (who reads which dataset, how often, when last) and {@code metadata.audit}
 * (queries with the row filters and column masks governance applied, one row per query and dataset).
 */
final class LineageTables
{
    static final int MAX_EDGES = 100_000;
    static final int MAX_AUDIT_ENTRIES = 10_000;
    private static final ArrayType VARCHAR_ARRAY = new ArrayType(VARCHAR);

    record AuditRow(AuditEntry query, AuditEntry.AuditedDataset dataset) {}

    private LineageTables() {}

    static DiscoveryTable<LineageEdge> edges(CatalogServiceClient client)
    {
        int sourceDataset = 0;
        int targetDataset = 2;
        return DiscoveryTable.forSessionUser("lineage_edges", "Lineage: data flows from source to target (column level, or dataset level where columns are null), as far as you may see it: an end you may not see is restricted-N, without a name; a filter on source_dataset or target_dataset is sent to the service; at most %s edges".formatted(MAX_EDGES), List.of(
                new Field<>("source_dataset", VARCHAR, "Dataset the data comes from (catalog.schema.table for Trino)", LineageEdge::sourceDataset),
                new Field<>("source_column", VARCHAR, "Column it comes from; null for a dataset-level edge", LineageEdge::sourceColumn),
                new Field<>("target_dataset", VARCHAR, "Dataset the data flows into", LineageEdge::targetDataset),
                new Field<>("target_column", VARCHAR, "Column it flows into; null for a dataset-level edge", LineageEdge::targetColumn),
                new Field<>("kind", VARCHAR, "DIRECT (a query wrote it), INDIRECT (affects it, e.g. a join key), VIEW (a view or SQL dataset reads it), CONTRACT (a mesh dataset serves its lake table's column)", LineageEdge::kind),
                new Field<>("first_seen", TIMESTAMP_TZ_MILLIS, "When the edge was first recorded", edge -> instant(edge.firstSeen())),
                new Field<>("last_seen", TIMESTAMP_TZ_MILLIS, "When it was last confirmed", edge -> instant(edge.lastSeen())),
                new Field<>("last_query_id", VARCHAR, "Query that last confirmed it", LineageEdge::lastQueryId),
                new Field<>("source_namespace", VARCHAR, "OpenLineage namespace of the source; null when restricted", LineageEdge::sourceNamespace),
                new Field<>("target_namespace", VARCHAR, "OpenLineage namespace of the target; null when restricted", LineageEdge::targetNamespace)),
                (user, constraint) -> {
                    Optional<String> dataset = equalTo(constraint, sourceDataset).or(() -> equalTo(constraint, targetDataset));
                    return fromService("lineage edges", () -> client.onBehalfOf(user).lineageEdges(dataset, MAX_EDGES)).stream();
                });
    }

    static DiscoveryTable<DatasetUsage> usage(CatalogServiceClient client)
    {
        int product = 0;
        int dataset = 1;
        int user = 2;
        return new DiscoveryTable<>("usage", "Consumption: how often each user read each dataset, directly or through views, and when first and last", List.of(
                new Field<>("product", VARCHAR, "Product the dataset belongs to; null outside the mesh", DatasetUsage::product),
                new Field<>("dataset", VARCHAR, "Dataset read (catalog.schema.table)", DatasetUsage::dataset),
                new Field<>("user_name", VARCHAR, "Who read it", DatasetUsage::user),
                new Field<>("queries", BIGINT, "Number of queries that read it", DatasetUsage::queries),
                new Field<>("first_seen", TIMESTAMP_TZ_MILLIS, "First read", usage -> instant(usage.firstSeen())),
                new Field<>("last_seen", TIMESTAMP_TZ_MILLIS, "Last read", usage -> instant(usage.lastSeen()))),
                constraint -> fromService("usage", () -> client.usage(equalTo(constraint, product), equalTo(constraint, dataset), equalTo(constraint, user))).stream());
    }

    static DiscoveryTable<AuditRow> audit(CatalogServiceClient client)
    {
        int user = 1;
        int dataset = 12;
        int product = 13;
        return new DiscoveryTable<>("audit", "Audit trail: each query that read a dataset, with the row filters and column masks applied; one row per query and dataset, the newest %s matching the filter on user_name, dataset or product".formatted(MAX_AUDIT_ENTRIES), List.of(
                new Field<>("query_id", VARCHAR, "Trino query id", row -> row.query().queryId()),
                new Field<>("user_name", VARCHAR, "Who ran the query", row -> row.query().user()),
                new Field<>("groups", VARCHAR_ARRAY, "The user's groups", row -> strings(row.query().groups().stream().sorted().toList())),
                new Field<>("source", VARCHAR, "Client that sent it", row -> row.query().source()),
                new Field<>("door", VARCHAR, "How it came in: sql (a client of the person's own), or the catalog service's portal, api, mcp or quality runs acting for the person", row -> row.query().door()),
                new Field<>("impersonator", VARCHAR, "Who ran it for user_name (the catalog service's principal at a door); null when the person ran it", row -> row.query().impersonator()),
                new Field<>("query_type", VARCHAR, "SELECT, INSERT, MERGE...", row -> row.query().queryType()),
                new Field<>("state", VARCHAR, "FINISHED or FAILED", row -> row.query().state()),
                new Field<>("error_code", VARCHAR, "Why it failed", row -> row.query().errorCode()),
                new Field<>("start_time", TIMESTAMP_TZ_MILLIS, "When it started", row -> instant(row.query().startTime())),
                new Field<>("end_time", TIMESTAMP_TZ_MILLIS, "When it ended", row -> instant(row.query().endTime())),
                new Field<>("query", VARCHAR, "The SQL text", row -> row.query().query()),
                new Field<>("dataset", VARCHAR, "A dataset it read (catalog.schema.table)", row -> row.dataset().dataset()),
                new Field<>("product", VARCHAR, "Product of that dataset; null outside the mesh", row -> row.dataset().product()),
                new Field<>("directly_referenced", BOOLEAN, "Whether the query named the dataset (false: read through a view)", row -> row.dataset().directlyReferenced()),
                new Field<>("via", VARCHAR_ARRAY, "Views it was read through, innermost first", row -> strings(orEmpty(row.dataset().via()))),
                new Field<>("columns", VARCHAR_ARRAY, "Columns the query referenced", row -> strings(orEmpty(row.dataset().columns()))),
                new Field<>("row_filters", VARCHAR_ARRAY, "Row filters applied to the dataset", row -> strings(orEmpty(row.dataset().rowFilters()))),
                new Field<>("column_masks", VARCHAR_ARRAY, "Column masks applied, as column: expression", row -> strings(orEmpty(row.dataset().columnMasks()).stream()
                        .map(mask -> mask.column() + ": " + mask.expression())
                        .toList()))),
                constraint -> fromService("the audit trail", () -> client.audit(equalTo(constraint, user), equalTo(constraint, dataset), equalTo(constraint, product), Optional.empty(), MAX_AUDIT_ENTRIES))
                        .stream()
                        .flatMap(entry -> entry.datasets().stream().map(read -> new AuditRow(entry, read))));
    }

    private static Long instant(Instant instant)
    {
        return instant == null ? null : timestamp(instant);
    }

    private static <T> List<T> orEmpty(List<T> values)
    {
        return values == null ? List.of() : values;
    }
}
