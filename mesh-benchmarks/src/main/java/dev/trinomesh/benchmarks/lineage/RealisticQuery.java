package dev.trinomesh.benchmarks.lineage;

import dev.trinomesh.testing.SpiConstructors;
import io.trino.spi.eventlistener.ColumnDetail;
import io.trino.spi.eventlistener.ColumnInfo;
import io.trino.spi.eventlistener.OutputColumnMetadata;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryContext;
import io.trino.spi.eventlistener.QueryIOMetadata;
import io.trino.spi.eventlistener.QueryInputMetadata;
import io.trino.spi.eventlistener.QueryMetadata;
import io.trino.spi.eventlistener.QueryOutputMetadata;
import io.trino.spi.eventlistener.QueryStatistics;
import io.trino.spi.eventlistener.TableInfo;
import io.trino.spi.metrics.Metrics;
import io.trino.spi.resourcegroups.QueryType;
import io.trino.spi.session.ResourceEstimates;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A completed INSERT ... SELECT as Trino 476 reports it: four tables read (six columns each, one of them with a
 * row filter and a column mask), ten output columns with two or three source columns each, and a query text of
 * realistic length.
 */
final class RealisticQuery
{
    static final int INPUTS = 4;
    static final int INPUT_COLUMNS = 6;
    static final int OUTPUT_COLUMNS = 10;

    private RealisticQuery() {}

    static QueryCompletedEvent event()
    {
        return event("20261126_101500_01234_mesh1");
    }

    /** The same query with another query id (the lineage store recognises an event it has by its query id). */
    static QueryCompletedEvent event(String queryId)
    {
        List<TableInfo> tables = new ArrayList<>();
        List<QueryInputMetadata> scans = new ArrayList<>();
        for (int t = 0; t < INPUTS; t++) {
            List<ColumnInfo> columns = new ArrayList<>();
            List<QueryInputMetadata.Column> scanned = new ArrayList<>();
            for (int c = 0; c < INPUT_COLUMNS; c++) {
                // the first table is a governed product: its email column is masked
                Optional<String> mask = t == 0 && c == 2 ? Optional.of("CASE WHEN is_member('pii-readers') THEN email ELSE '***' END") : Optional.empty();
                columns.add(new ColumnInfo(column(c), mask));
                scanned.add(new QueryInputMetadata.Column(column(c), c % 3 == 0 ? "bigint" : "varchar"));
            }
            List<String> filters = t == 0 ? List.of("region IN (SELECT region FROM lake.governance.user_regions WHERE user_name = current_user)") : List.of();
            tables.add(new TableInfo("mesh", "sales", table(t), "analyst", filters, columns, true, Optional.empty(), List.of()));
            // Made by parameter name: these constructors differ between the Trino versions the build supports.
            scans.add(SpiConstructors.create(QueryInputMetadata.class, Map.of(
                    "connectorName", Optional.of("iceberg"),
                    "catalogName", "mesh",
                    "catalogVersion", SpiConstructors.catalogVersion(QueryInputMetadata.class, "default"),
                    "schema", "sales",
                    "table", table(t),
                    "columns", scanned,
                    "connectorMetrics", Metrics.EMPTY,
                    "physicalInputBytes", OptionalLong.of(12_000_000L * (t + 1)),
                    "physicalInputRows", OptionalLong.of(150_000L * (t + 1)))));
        }

        List<OutputColumnMetadata> outputColumns = new ArrayList<>();
        for (int c = 0; c < OUTPUT_COLUMNS; c++) {
            Set<ColumnDetail> sources = new LinkedHashSet<>();
            int count = 2 + c % 2;
            for (int s = 0; s < count; s++) {
                sources.add(new ColumnDetail("mesh", "sales", table((c + s) % INPUTS), column((c + s) % INPUT_COLUMNS)));
            }
            outputColumns.add(new OutputColumnMetadata("metric_" + c, c % 2 == 0 ? "bigint" : "varchar", sources));
        }
        QueryOutputMetadata output = SpiConstructors.create(QueryOutputMetadata.class, Map.of(
                "catalogName", "lake",
                "catalogVersion", SpiConstructors.catalogVersion(QueryOutputMetadata.class, "default"),
                "schema", "analytics",
                "table", "customer_summary",
                "columns", Optional.of(outputColumns)));

        String sql = """
                INSERT INTO lake.analytics.customer_summary
                SELECT o.column_0 AS metric_0, concat(o.column_1, c.column_2) AS metric_1, sum(o.column_3 + p.column_3) AS metric_2,
                       max(c.column_4) AS metric_3, count(DISTINCT r.column_0) AS metric_4, min(p.column_5) AS metric_5,
                       avg(o.column_0 * r.column_3) AS metric_6, arbitrary(c.column_1) AS metric_7, sum(p.column_0) AS metric_8, max(r.column_5) AS metric_9
                FROM mesh.sales.table_0 o
                JOIN mesh.sales.table_1 c ON o.column_0 = c.column_0
                JOIN mesh.sales.table_2 p ON o.column_3 = p.column_0
                LEFT JOIN mesh.sales.table_3 r ON r.column_0 = c.column_3
                WHERE o.column_1 >= date '2026-01-01' AND c.column_4 IS NOT NULL
                GROUP BY o.column_0, concat(o.column_1, c.column_2)
                """;
        QueryMetadata metadata = new QueryMetadata(queryId, Optional.of("tx-1"), Optional.empty(), sql, Optional.of("INSERT"), Optional.empty(),
                "FINISHED", tables, List.of(), URI.create("http://coordinator:8080/v1/query/" + queryId), Optional.empty(), Optional.empty(), Optional.empty());
        QueryStatistics statistics = SpiConstructors.create(QueryStatistics.class, Map.ofEntries(
                Map.entry("cpuTime", Duration.ofMillis(4200)),
                Map.entry("failedCpuTime", Duration.ZERO),
                Map.entry("wallTime", Duration.ofMillis(2900)),
                Map.entry("queuedTime", Duration.ofMillis(12)),
                Map.entry("peakUserMemoryBytes", 64_000_000L),
                Map.entry("peakTaskUserMemory", 32_000_000L),
                Map.entry("peakTaskTotalMemory", 48_000_000L),
                Map.entry("physicalInputBytes", 120_000_000L),
                Map.entry("physicalInputRows", 1_500_000L),
                Map.entry("processedInputBytes", 120_000_000L),
                Map.entry("processedInputRows", 1_500_000L),
                Map.entry("internalNetworkBytes", 8_000_000L),
                Map.entry("internalNetworkRows", 90_000L),
                Map.entry("writtenBytes", 2_400_000L),
                Map.entry("writtenRows", 25_000L),
                Map.entry("cumulativeMemory", 1.0e9),
                Map.entry("completedSplits", 96),
                Map.entry("complete", true)));
        QueryContext context = new QueryContext("analyst", "analyst", Set.of(), Optional.of("analyst"), Set.of(), Set.of("analysts", "emea"),
                Optional.empty(), Optional.of("10.0.0.7"), Optional.of("trino-jdbc/476"), Optional.of("{\"dashboard\":\"revenue\"}"), Set.of("nightly"), Set.of(),
                Optional.of("airflow"), "UTC", Optional.of("mesh"), Optional.of("sales"), Optional.empty(), Map.of(),
                new ResourceEstimates(Optional.empty(), Optional.empty(), Optional.empty()), "coordinator:8080", "476", "production",
                Optional.of(QueryType.INSERT), "NONE");
        Instant end = Instant.parse("2026-11-26T10:15:03Z");
        return SpiConstructors.create(QueryCompletedEvent.class, Map.of(
                "metadata", metadata,
                "statistics", statistics,
                "context", context,
                "ioMetadata", new QueryIOMetadata(scans, Optional.of(output)),
                "createTime", end.minusMillis(2912),
                "executionStartTime", end.minusMillis(2900),
                "endTime", end));
    }

    private static String table(int index)
    {
        return "table_" + index;
    }

    private static String column(int index)
    {
        return "column_" + index;
    }
}
