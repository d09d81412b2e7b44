package dev.trinomesh.lineage;

import dev.trinomesh.testing.SpiConstructors;
import io.trino.spi.ErrorCode;
import io.trino.spi.eventlistener.ColumnDetail;
import io.trino.spi.eventlistener.ColumnInfo;
import io.trino.spi.eventlistener.OutputColumnMetadata;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryContext;
import io.trino.spi.eventlistener.QueryFailureInfo;
import io.trino.spi.eventlistener.QueryIOMetadata;
import io.trino.spi.eventlistener.QueryInputMetadata;
import io.trino.spi.eventlistener.QueryMetadata;
import io.trino.spi.eventlistener.QueryOutputMetadata;
import io.trino.spi.eventlistener.QueryStatistics;
import io.trino.spi.eventlistener.TableInfo;
import io.trino.spi.eventlistener.TableReferenceInfo;
import io.trino.spi.eventlistener.ViewReferenceInfo;
import io.trino.spi.metrics.Metrics;
import io.trino.spi.resourcegroups.QueryType;
import io.trino.spi.session.ResourceEstimates;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Builds real SPI {@link QueryCompletedEvent}s as Trino reports them. The objects whose constructors differ between
 * the Trino versions the build supports are made by parameter name ({@link SpiConstructors}).
 */
final class TestingQueryEvents
{
    static final Instant CREATE_TIME = Instant.parse("2026-11-26T10:00:00Z");
    static final Instant START_TIME = Instant.parse("2026-11-26T10:00:01Z");
    static final Instant END_TIME = Instant.parse("2026-11-26T10:00:03.250Z");

    private TestingQueryEvents() {}

    static Builder query(String queryId)
    {
        return new Builder(queryId);
    }

    /** A query reading one table: the simplest event that is recorded. */
    static QueryCompletedEvent read(String queryId)
    {
        return query(queryId)
                .sql("SELECT id FROM lake.sales.orders")
                .table(table("lake.sales.orders", "id"))
                .build();
    }

    /** A table or view the query referenced directly. */
    static TableInfo table(String name, String... columns)
    {
        return table(name, List.of(), columns(columns), true, Optional.empty(), List.of());
    }

    static TableInfo table(String name, List<String> filters, List<ColumnInfo> columns, boolean direct, Optional<String> viewText, List<TableReferenceInfo> chain)
    {
        String[] parts = name.split("\\.");
        return new TableInfo(parts[0], parts[1], parts[2], "alice", filters, columns, direct, viewText, chain);
    }

    static List<ColumnInfo> columns(String... names)
    {
        return Arrays.stream(names).map(name -> new ColumnInfo(name, Optional.empty())).toList();
    }

    static ViewReferenceInfo view(String name)
    {
        String[] parts = name.split("\\.");
        return new ViewReferenceInfo(parts[0], parts[1], parts[2]);
    }

    /** A column of a write target; each source is {@code catalog.schema.table.column}. */
    static OutputColumnMetadata outputColumn(String name, String type, String... sources)
    {
        Set<ColumnDetail> details = new LinkedHashSet<>();
        for (String source : sources) {
            String[] parts = source.split("\\.");
            details.add(new ColumnDetail(parts[0], parts[1], parts[2], parts[3]));
        }
        return new OutputColumnMetadata(name, type, details);
    }

    /** A table scan; each column is {@code name:type}. */
    static QueryInputMetadata scan(String name, long rows, long bytes, String... columns)
    {
        String[] parts = name.split("\\.");
        List<QueryInputMetadata.Column> scanned = Arrays.stream(columns)
                .map(column -> new QueryInputMetadata.Column(column.substring(0, column.indexOf(':')), column.substring(column.indexOf(':') + 1)))
                .toList();
        return SpiConstructors.create(QueryInputMetadata.class, Map.of(
                "connectorName", Optional.of("iceberg"),
                "catalogName", parts[0],
                "catalogVersion", SpiConstructors.catalogVersion(QueryInputMetadata.class, "default"),
                "schema", parts[1],
                "table", parts[2],
                "columns", scanned,
                "connectorMetrics", Metrics.EMPTY,
                "physicalInputBytes", OptionalLong.of(bytes),
                "physicalInputRows", OptionalLong.of(rows)));
    }

    static final class Builder
    {
        private final String queryId;
        private String sql = "SELECT 1";
        private Optional<String> preparedQuery = Optional.empty();
        private String user = "alice";
        private Optional<String> principal = Optional.empty();
        private Set<String> groups = Set.of("analysts");
        private Optional<String> source = Optional.of("trino-cli");
        private Optional<String> clientInfo = Optional.empty();
        private Optional<QueryType> queryType = Optional.of(QueryType.SELECT);
        private Optional<String> updateType = Optional.empty();
        private final List<TableInfo> tables = new ArrayList<>();
        private final List<QueryInputMetadata> inputs = new ArrayList<>();
        private Optional<QueryOutputMetadata> output = Optional.empty();
        private Optional<QueryFailureInfo> failure = Optional.empty();
        private Instant endTime = END_TIME;
        private long physicalInputRows;
        private long physicalInputBytes;
        private long outputRows;
        private long writtenRows;
        private long writtenBytes;

        private Builder(String queryId)
        {
            this.queryId = queryId;
        }

        Builder sql(String sql)
        {
            this.sql = sql;
            return this;
        }

        Builder preparedQuery(String preparedQuery)
        {
            this.preparedQuery = Optional.of(preparedQuery);
            return this;
        }

        Builder user(String user, String... groups)
        {
            this.user = user;
            this.groups = Set.of(groups);
            return this;
        }

        /** The principal that authenticated and impersonates the user (the session user) for this query. */
        Builder impersonatedBy(String principal)
        {
            this.principal = Optional.of(principal);
            return this;
        }

        Builder source(String source, String clientInfo)
        {
            this.source = Optional.ofNullable(source);
            this.clientInfo = Optional.ofNullable(clientInfo);
            return this;
        }

        Builder write(QueryType queryType, String updateType)
        {
            this.queryType = Optional.of(queryType);
            this.updateType = Optional.of(updateType);
            return this;
        }

        Builder table(TableInfo table)
        {
            tables.add(table);
            return this;
        }

        Builder scan(QueryInputMetadata input)
        {
            inputs.add(input);
            physicalInputRows += input.getPhysicalInputRows().orElse(0);
            physicalInputBytes += input.getPhysicalInputBytes().orElse(0);
            return this;
        }

        Builder output(String name, long writtenRows, long writtenBytes, OutputColumnMetadata... columns)
        {
            return output(name, Optional.of(List.of(columns)), writtenRows, writtenBytes);
        }

        Builder output(String name, Optional<List<OutputColumnMetadata>> columns, long writtenRows, long writtenBytes)
        {
            String[] parts = name.split("\\.");
            this.output = Optional.of(SpiConstructors.create(QueryOutputMetadata.class, Map.of(
                    "catalogName", parts[0],
                    "catalogVersion", SpiConstructors.catalogVersion(QueryOutputMetadata.class, "default"),
                    "schema", parts[1],
                    "table", parts[2],
                    "columns", columns)));
            this.writtenRows = writtenRows;
            this.writtenBytes = writtenBytes;
            return this;
        }

        Builder outputRows(long outputRows)
        {
            this.outputRows = outputRows;
            return this;
        }

        Builder failed(ErrorCode errorCode, String message)
        {
            this.failure = Optional.of(new QueryFailureInfo(errorCode, Optional.of("io.trino.spi.TrinoException"), Optional.of(message), Optional.empty(), Optional.empty(), "[]"));
            return this;
        }

        Builder endTime(Instant endTime)
        {
            this.endTime = endTime;
            return this;
        }

        QueryCompletedEvent build()
        {
            QueryMetadata metadata = new QueryMetadata(
                    queryId,
                    Optional.empty(),
                    Optional.empty(),
                    sql,
                    updateType,
                    preparedQuery,
                    failure.isPresent() ? "FAILED" : "FINISHED",
                    tables,
                    List.of(),
                    URI.create("http://coordinator:8080/v1/query/" + queryId),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
            QueryStatistics statistics = SpiConstructors.create(QueryStatistics.class, Map.ofEntries(
                    Map.entry("cpuTime", Duration.ofMillis(1500)),
                    Map.entry("failedCpuTime", Duration.ZERO),
                    Map.entry("wallTime", Duration.ofMillis(2250)),
                    Map.entry("queuedTime", Duration.ofMillis(20)),
                    Map.entry("physicalInputBytes", physicalInputBytes),
                    Map.entry("physicalInputRows", physicalInputRows),
                    Map.entry("processedInputBytes", physicalInputBytes),
                    Map.entry("processedInputRows", physicalInputRows),
                    Map.entry("outputRows", outputRows),
                    Map.entry("writtenBytes", writtenBytes),
                    Map.entry("writtenRows", writtenRows),
                    Map.entry("completedSplits", 4),
                    Map.entry("complete", true)));
            QueryContext context = new QueryContext(
                    user,
                    principal.orElse(user),
                    Set.of(),
                    Optional.of(principal.orElse(user)),
                    Set.of(),
                    groups,
                    Optional.empty(),
                    Optional.of("10.0.0.7"),
                    Optional.of("trino-cli/476"),
                    clientInfo,
                    Set.of(),
                    Set.of(),
                    source,
                    "UTC",
                    Optional.of("lake"),
                    Optional.of("sales"),
                    Optional.empty(),
                    Map.of(),
                    new ResourceEstimates(Optional.empty(), Optional.empty(), Optional.empty()),
                    "coordinator:8080",
                    "476",
                    "test",
                    queryType,
                    "NONE");
            return SpiConstructors.create(QueryCompletedEvent.class, Map.of(
                    "metadata", metadata,
                    "statistics", statistics,
                    "context", context,
                    "ioMetadata", new QueryIOMetadata(inputs, output),
                    "failureInfo", failure,
                    "warnings", List.of(),
                    "createTime", CREATE_TIME,
                    "executionStartTime", failure.isPresent() && endTime.equals(Instant.EPOCH) ? CREATE_TIME : START_TIME,
                    "endTime", endTime));
        }
    }
}
