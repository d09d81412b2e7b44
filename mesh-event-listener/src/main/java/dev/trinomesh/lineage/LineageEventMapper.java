package dev.trinomesh.lineage;

import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.api.lineage.OpenLineage;
import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageFacet;
import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageField;
import dev.trinomesh.api.lineage.OpenLineage.ColumnMask;
import dev.trinomesh.api.lineage.OpenLineage.DatasetFacets;
import dev.trinomesh.api.lineage.OpenLineage.ErrorMessageFacet;
import dev.trinomesh.api.lineage.OpenLineage.InputDataset;
import dev.trinomesh.api.lineage.OpenLineage.InputFacets;
import dev.trinomesh.api.lineage.OpenLineage.InputField;
import dev.trinomesh.api.lineage.OpenLineage.Job;
import dev.trinomesh.api.lineage.OpenLineage.JobFacets;
import dev.trinomesh.api.lineage.OpenLineage.MeshAccessFacet;
import dev.trinomesh.api.lineage.OpenLineage.MeshQueryFacet;
import dev.trinomesh.api.lineage.OpenLineage.OutputDataset;
import dev.trinomesh.api.lineage.OpenLineage.OutputFacets;
import dev.trinomesh.api.lineage.OpenLineage.Run;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import dev.trinomesh.api.lineage.OpenLineage.RunFacets;
import dev.trinomesh.api.lineage.OpenLineage.SchemaFacet;
import dev.trinomesh.api.lineage.OpenLineage.SchemaField;
import dev.trinomesh.api.lineage.OpenLineage.SqlFacet;
import dev.trinomesh.api.lineage.OpenLineage.StatisticsFacet;
import io.trino.spi.eventlistener.BaseViewReferenceInfo;
import io.trino.spi.eventlistener.ColumnDetail;
import io.trino.spi.eventlistener.ColumnInfo;
import io.trino.spi.eventlistener.OutputColumnMetadata;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryContext;
import io.trino.spi.eventlistener.QueryFailureInfo;
import io.trino.spi.eventlistener.QueryInputMetadata;
import io.trino.spi.eventlistener.QueryMetadata;
import io.trino.spi.eventlistener.QueryOutputMetadata;
import io.trino.spi.eventlistener.QueryStatistics;
import io.trino.spi.eventlistener.TableInfo;
import io.trino.spi.eventlistener.TableReferenceInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Turns a completed query into an OpenLineage run event: the tables it read (with the columns referenced, how
 * they were reached and the row filters and column masks applied), the table it wrote (with column lineage),
 * and who ran it. Runs on Trino's dispatcher thread for every query, so it only copies references into the
 * model: no I/O, no JSON, no regular expressions.
 */
public final class LineageEventMapper
{
    public static final String PRODUCER = "urn:trino-mesh:mesh-event-listener";
    public static final String SQL_DIALECT = "trino";

    private final String namespace;
    private final Set<String> ignoredCatalogs;
    private final Set<String> ignoredSchemas;

    public LineageEventMapper(String namespace, Set<String> ignoredCatalogs, Set<String> ignoredSchemas)
    {
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.ignoredCatalogs = Set.copyOf(ignoredCatalogs);
        this.ignoredSchemas = Set.copyOf(ignoredSchemas);
    }

    public static LineageEventMapper fromConfig(MeshLineageConfig config)
    {
        return new LineageEventMapper(config.getNamespace(), Set.copyOf(config.getIgnoredCatalogs()), Set.copyOf(config.getIgnoredSchemas()));
    }

    public String namespace()
    {
        return namespace;
    }

    /** The event, or empty when the query touched no table worth recording (e.g. {@code SELECT 1}, a failed parse, metadata queries). */
    public Optional<RunEvent> map(QueryCompletedEvent event)
    {
        QueryMetadata metadata = event.getMetadata();
        Map<String, ScannedTable> scanned = scannedTables(event.getIoMetadata().getInputs());
        List<InputDataset> inputs = inputs(metadata.getTables(), scanned);
        OutputDataset output = event.getIoMetadata().getOutput()
                .filter(target -> !ignored(target.getCatalogName(), target.getSchema()))
                .map(target -> output(target, event.getStatistics()))
                .orElse(null);
        if (inputs.isEmpty() && output == null) {
            return Optional.empty();
        }

        Optional<QueryFailureInfo> failure = event.getFailureInfo();
        boolean failed = "FAILED".equals(metadata.getQueryState()) || failure.isPresent();
        Instant endTime = orNull(event.getEndTime());
        String queryId = metadata.getQueryId();

        ErrorMessageFacet error = null;
        if (failed) {
            String message = failure.flatMap(QueryFailureInfo::getFailureMessage)
                    .or(() -> failure.map(info -> info.getErrorCode().getName()))
                    .orElse("query failed");
            error = new ErrorMessageFacet(PRODUCER, OpenLineage.ERROR_FACET, message, "SQL");
        }
        Run run = new Run(OpenLineage.runId(namespace, queryId), new RunFacets(queryFacet(event, failure, endTime), error));
        Job job = new Job(namespace, queryId, new JobFacets(new SqlFacet(PRODUCER, OpenLineage.SQL_FACET,
                metadata.getPreparedQuery().orElse(metadata.getQuery()), SQL_DIALECT)));
        return Optional.of(new RunEvent(
                failed ? "FAIL" : "COMPLETE",
                endTime == null ? Instant.now() : endTime,
                PRODUCER,
                OpenLineage.SPEC,
                run,
                job,
                inputs,
                output == null ? List.of() : List.of(output)));
    }

    private MeshQueryFacet queryFacet(QueryCompletedEvent event, Optional<QueryFailureInfo> failure, Instant endTime)
    {
        QueryMetadata metadata = event.getMetadata();
        QueryContext context = event.getContext();
        QueryStatistics statistics = event.getStatistics();
        // Who authenticated, when it is not the session user: the principal that impersonated them (the catalog
        // service acting for a person through one of its doors).
        Optional<String> impersonator = context.getPrincipal().filter(principal -> !principal.equals(context.getUser()));
        return new MeshQueryFacet(
                PRODUCER,
                OpenLineage.MESH_QUERY_FACET,
                metadata.getQueryId(),
                context.getUser(),
                context.getGroups(),
                context.getSource().orElse(null),
                context.getClientInfo().orElse(null),
                context.getQueryType().map(Enum::name).orElse(null),
                metadata.getUpdateType().orElse(null),
                metadata.getQueryState(),
                failure.map(info -> info.getErrorCode().getName()).orElse(null),
                orNull(event.getCreateTime()),
                orNull(event.getExecutionStartTime()),
                endTime,
                statistics.getWallTime().toMillis(),
                statistics.getCpuTime().toMillis(),
                statistics.getPhysicalInputRows(),
                statistics.getPhysicalInputBytes(),
                statistics.getOutputRows(),
                statistics.getWrittenRows(),
                impersonator.orElse(null),
                Door.of(context.getSource(), impersonator.isPresent()).wireName());
    }

    /** One input per table and way of reaching it; a table read twice the same way (a self-join) is one input. */
    private List<InputDataset> inputs(List<TableInfo> tables, Map<String, ScannedTable> scanned)
    {
        Map<InputKey, ReferencedTable> referenced = new LinkedHashMap<>();
        for (TableInfo table : tables) {
            if (ignored(table.getCatalog(), table.getSchema())) {
                continue;
            }
            String name = datasetName(table.getCatalog(), table.getSchema(), table.getTable());
            InputKey key = new InputKey(name, table.isDirectlyReferenced(), via(table.getReferenceChain()));
            referenced.computeIfAbsent(key, _ -> new ReferencedTable()).add(table);
        }

        List<InputDataset> inputs = new ArrayList<>(referenced.size() + scanned.size());
        for (Map.Entry<InputKey, ReferencedTable> entry : referenced.entrySet()) {
            InputKey key = entry.getKey();
            ReferencedTable table = entry.getValue();
            ScannedTable scan = scanned.get(key.name());
            List<SchemaField> fields = new ArrayList<>(table.columns.size());
            for (String column : table.columns) {
                fields.add(new SchemaField(column, scan == null ? null : scan.types.get(column)));
            }
            List<ColumnMask> masks = new ArrayList<>(table.masks.size());
            table.masks.forEach((column, expression) -> masks.add(new ColumnMask(column, expression)));
            MeshAccessFacet access = new MeshAccessFacet(PRODUCER, OpenLineage.MESH_ACCESS_FACET, key.directlyReferenced(), key.via(), List.copyOf(table.filters), masks);
            // Statistics belong to the table, not to each way of reaching it: only the first input carries them.
            StatisticsFacet statistics = scan != null && !scan.claimed ? scan.claim() : null;
            inputs.add(new InputDataset(namespace, key.name(),
                    new DatasetFacets(schema(fields), null, access),
                    statistics == null ? null : new InputFacets(statistics)));
        }
        // Tables the plan scanned that the analyzer did not report (e.g. a materialized view's storage table).
        for (ScannedTable scan : scanned.values()) {
            if (!scan.claimed) {
                List<SchemaField> fields = new ArrayList<>(scan.types.size());
                scan.types.forEach((column, type) -> fields.add(new SchemaField(column, type)));
                StatisticsFacet statistics = scan.claim();
                inputs.add(new InputDataset(namespace, scan.name,
                        new DatasetFacets(schema(fields), null, null),
                        statistics == null ? null : new InputFacets(statistics)));
            }
        }
        return inputs;
    }

    private OutputDataset output(QueryOutputMetadata target, QueryStatistics statistics)
    {
        List<SchemaField> fields = List.of();
        ColumnLineageFacet lineage = null;
        Optional<List<OutputColumnMetadata>> columns = target.getColumns();
        if (columns.isPresent() && !columns.orElseThrow().isEmpty()) {
            fields = new ArrayList<>(columns.orElseThrow().size());
            Map<String, ColumnLineageField> lineageFields = new LinkedHashMap<>();
            for (OutputColumnMetadata column : columns.orElseThrow()) {
                fields.add(new SchemaField(column.getColumnName(), column.getColumnType()));
                List<InputField> sources = new ArrayList<>(column.getSourceColumns().size());
                for (ColumnDetail source : column.getSourceColumns()) {
                    if (!ignored(source.getCatalog(), source.getSchema())) {
                        sources.add(new InputField(namespace, datasetName(source.getCatalog(), source.getSchema(), source.getTable()), source.getColumnName(), null));
                    }
                }
                if (!sources.isEmpty()) {
                    lineageFields.put(column.getColumnName(), new ColumnLineageField(sources));
                }
            }
            if (!lineageFields.isEmpty()) {
                lineage = new ColumnLineageFacet(PRODUCER, OpenLineage.COLUMN_LINEAGE_FACET, lineageFields, null);
            }
        }
        return new OutputDataset(namespace, datasetName(target.getCatalogName(), target.getSchema(), target.getTable()),
                new DatasetFacets(schema(fields), lineage, null),
                new OutputFacets(new StatisticsFacet(PRODUCER, OpenLineage.OUTPUT_STATISTICS_FACET, statistics.getWrittenRows(), statistics.getWrittenBytes())));
    }

    private Map<String, ScannedTable> scannedTables(List<QueryInputMetadata> inputs)
    {
        if (inputs.isEmpty()) {
            return Map.of();
        }
        Map<String, ScannedTable> scanned = new LinkedHashMap<>();
        for (QueryInputMetadata input : inputs) {
            if (ignored(input.getCatalogName(), input.getSchema())) {
                continue;
            }
            String name = datasetName(input.getCatalogName(), input.getSchema(), input.getTable());
            scanned.computeIfAbsent(name, ScannedTable::new).add(input);
        }
        return scanned;
    }

    private boolean ignored(String catalog, String schema)
    {
        return ignoredCatalogs.contains(catalog) || ignoredSchemas.contains(schema);
    }

    /** The views the table was reached through, innermost first (Trino's order); row filter and mask references are not views. */
    private static List<String> via(List<TableReferenceInfo> chain)
    {
        if (chain.isEmpty()) {
            return List.of();
        }
        List<String> views = new ArrayList<>(chain.size());
        for (TableReferenceInfo reference : chain) {
            if (reference instanceof BaseViewReferenceInfo view) {
                views.add(datasetName(view.catalogName(), view.schemaName(), view.viewName()));
            }
        }
        return views;
    }

    private static SchemaFacet schema(List<SchemaField> fields)
    {
        return fields.isEmpty() ? null : new SchemaFacet(PRODUCER, OpenLineage.SCHEMA_FACET, fields);
    }

    static String datasetName(String catalog, String schema, String table)
    {
        return catalog + '.' + schema + '.' + table;
    }

    private static Instant orNull(Instant instant)
    {
        // Trino reports a time it does not have as the epoch.
        return instant == null || instant.equals(Instant.EPOCH) ? null : instant;
    }

    private record InputKey(String name, boolean directlyReferenced, List<String> via) {}

    private static final class ReferencedTable
    {
        private final Set<String> columns = new LinkedHashSet<>();
        private final Set<String> filters = new LinkedHashSet<>();
        private final Map<String, String> masks = new LinkedHashMap<>();

        void add(TableInfo table)
        {
            for (ColumnInfo column : table.getColumns()) {
                columns.add(column.getColumn());
                column.getMask().ifPresent(mask -> masks.putIfAbsent(column.getColumn(), mask));
            }
            filters.addAll(table.getFilters());
        }
    }

    /** A table as the plan scanned it; one query may scan a table several times, so the statistics are summed. */
    private static final class ScannedTable
    {
        private final String name;
        private final Map<String, String> types = new LinkedHashMap<>();
        private long rows;
        private long bytes;
        private boolean hasRows;
        private boolean hasBytes;
        private boolean claimed;

        ScannedTable(String name)
        {
            this.name = name;
        }

        void add(QueryInputMetadata input)
        {
            for (QueryInputMetadata.Column column : input.getColumns()) {
                types.putIfAbsent(column.name(), column.type());
            }
            OptionalLong physicalRows = input.getPhysicalInputRows();
            if (physicalRows.isPresent()) {
                rows += physicalRows.orElseThrow();
                hasRows = true;
            }
            OptionalLong physicalBytes = input.getPhysicalInputBytes();
            if (physicalBytes.isPresent()) {
                bytes += physicalBytes.orElseThrow();
                hasBytes = true;
            }
        }

        StatisticsFacet claim()
        {
            claimed = true;
            if (!hasRows && !hasBytes) {
                return null;
            }
            return new StatisticsFacet(PRODUCER, OpenLineage.INPUT_STATISTICS_FACET, hasRows ? rows : null, hasBytes ? bytes : null);
        }
    }
}
