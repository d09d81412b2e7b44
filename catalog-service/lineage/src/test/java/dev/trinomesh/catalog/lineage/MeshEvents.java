package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.api.lineage.OpenLineage;
import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageFacet;
import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageField;
import dev.trinomesh.api.lineage.OpenLineage.ColumnMask;
import dev.trinomesh.api.lineage.OpenLineage.DatasetFacets;
import dev.trinomesh.api.lineage.OpenLineage.InputDataset;
import dev.trinomesh.api.lineage.OpenLineage.InputField;
import dev.trinomesh.api.lineage.OpenLineage.Job;
import dev.trinomesh.api.lineage.OpenLineage.JobFacets;
import dev.trinomesh.api.lineage.OpenLineage.MeshAccessFacet;
import dev.trinomesh.api.lineage.OpenLineage.MeshQueryFacet;
import dev.trinomesh.api.lineage.OpenLineage.OutputDataset;
import dev.trinomesh.api.lineage.OpenLineage.Run;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import dev.trinomesh.api.lineage.OpenLineage.RunFacets;
import dev.trinomesh.api.lineage.OpenLineage.SchemaFacet;
import dev.trinomesh.api.lineage.OpenLineage.SchemaField;
import dev.trinomesh.api.lineage.OpenLineage.SqlFacet;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Run events in the shape the mesh listener sends for a Trino query (meshQuery and meshAccess facets). */
public final class MeshEvents
{
    public static final String PRODUCER = "urn:trino-mesh:mesh-event-listener";

    private MeshEvents() {}

    /** {@code event} as run for its user by {@code impersonator} through {@code door} (the catalog service acting for them). */
    public static RunEvent impersonated(RunEvent event, String impersonator, Door door)
    {
        MeshQueryFacet query = event.run().facets().meshQuery();
        MeshQueryFacet changed = new MeshQueryFacet(query.producer(), query.schemaUrl(), query.queryId(), query.user(), query.groups(), door.source().orElseThrow(),
                query.clientInfo(), query.queryType(), query.updateType(), query.state(), query.errorCode(), query.createTime(), query.executionStartTime(), query.endTime(),
                query.wallMillis(), query.cpuMillis(), query.physicalInputRows(), query.physicalInputBytes(), query.outputRows(), query.writtenRows(),
                impersonator, door.wireName());
        return new RunEvent(event.eventType(), event.eventTime(), event.producer(), event.schemaURL(),
                new Run(event.run().runId(), new RunFacets(changed, event.run().facets().errorMessage())),
                event.job(), event.inputs(), event.outputs());
    }

    public static RunEvent query(String namespace, String queryId, String user, Instant time, String sql, List<InputDataset> inputs, OutputDataset output)
    {
        MeshQueryFacet query = new MeshQueryFacet(PRODUCER, OpenLineage.MESH_QUERY_FACET, queryId, user, Set.of("analysts"), "trino-cli", null,
                output == null ? "SELECT" : "INSERT", output == null ? null : "CREATE TABLE", "FINISHED", null,
                time.minusSeconds(2), time.minusSeconds(1), time, 1000L, 800L, 100L, 1000L, 10L, output == null ? null : 10L, null, "sql");
        return new RunEvent("COMPLETE", time, PRODUCER, OpenLineage.SPEC,
                new Run(OpenLineage.runId(namespace, queryId), new RunFacets(query, null)),
                new Job(namespace, queryId, new JobFacets(new SqlFacet(PRODUCER, OpenLineage.SQL_FACET, sql, "trino"))),
                inputs,
                output == null ? List.of() : List.of(output));
    }

    /** A table read directly (no views) or through {@code via} (innermost first). */
    public static InputDataset input(String namespace, String table, List<String> via, List<String> columns, List<String> rowFilters, Map<String, String> masks)
    {
        List<ColumnMask> columnMasks = masks.entrySet().stream().map(mask -> new ColumnMask(mask.getKey(), mask.getValue())).toList();
        return new InputDataset(namespace, table,
                new DatasetFacets(
                        new SchemaFacet(PRODUCER, OpenLineage.SCHEMA_FACET, columns.stream().map(column -> new SchemaField(column, "varchar")).toList()),
                        null,
                        new MeshAccessFacet(PRODUCER, OpenLineage.MESH_ACCESS_FACET, via.isEmpty(), via, rowFilters, columnMasks)),
                null);
    }

    public static InputDataset input(String namespace, String table, List<String> via, List<String> columns)
    {
        return input(namespace, table, via, columns, List.of(), Map.of());
    }

    /** An output whose columns come from {@code catalog.schema.table.column} sources. */
    public static OutputDataset output(String namespace, String table, Map<String, List<String>> sources)
    {
        Map<String, ColumnLineageField> fields = new LinkedHashMap<>();
        sources.forEach((column, inputs) -> fields.put(column, new ColumnLineageField(inputs.stream()
                .map(source -> {
                    int dot = source.lastIndexOf('.');
                    return new InputField(namespace, source.substring(0, dot), source.substring(dot + 1), null);
                })
                .toList())));
        return new OutputDataset(namespace, table,
                new DatasetFacets(
                        new SchemaFacet(PRODUCER, OpenLineage.SCHEMA_FACET, sources.keySet().stream().map(column -> new SchemaField(column, "varchar")).toList()),
                        new ColumnLineageFacet(PRODUCER, OpenLineage.COLUMN_LINEAGE_FACET, fields, null),
                        null),
                null);
    }
}
