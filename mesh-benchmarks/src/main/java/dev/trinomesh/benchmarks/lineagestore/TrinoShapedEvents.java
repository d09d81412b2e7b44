package dev.trinomesh.benchmarks.lineagestore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.api.lineage.OpenLineage;
import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageFacet;
import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageField;
import dev.trinomesh.api.lineage.OpenLineage.ColumnMask;
import dev.trinomesh.api.lineage.OpenLineage.DatasetFacets;
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
import io.airlift.json.ObjectMapperProvider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Run events shaped like the mesh listener's for Trino queries that write a table: 2 to 4 inputs (schema,
 * meshAccess with views, row filters and masks on some, input statistics) and one output with 10 column
 * lineage fields, meshQuery on the run, the SQL on the job. Queries are runs of {@code templates} recurring
 * queries (as pipelines and dashboards recur), each run by one of its 1 to 3 users (of 200), with its own query
 * id and time; with no templates, every event is a query of its own, by any user, and brings edges the store
 * has not seen (the worst case).
 */
public final class TrinoShapedEvents
{
    private static final String PRODUCER = "urn:trino-mesh:mesh-event-listener";
    private static final String NAMESPACE = "trino";
    private static final int INPUT_TABLES = 2_000;
    private static final int OUTPUT_TABLES = 500;
    private static final int COLUMNS = 12;
    private static final int USERS = 200;
    private static final ObjectMapper MAPPER = new ObjectMapperProvider().get();

    private final List<Template> templates = new ArrayList<>();
    private final Random random;
    private final long runs;
    private final Instant start;
    private long sequence;

    /**
     * Runs of {@code templates} recurring queries (0: a new query every time) made from {@code templateSeed};
     * generators with different {@code runs} make different query ids. The first event ends at {@code start}.
     */
    public TrinoShapedEvents(int templates, long templateSeed, long runs, Instant start)
    {
        this.random = new Random(templateSeed);
        this.runs = runs;
        this.start = start;
        for (int i = 0; i < templates; i++) {
            this.templates.add(template(i));
        }
        random.setSeed(templateSeed * 31 + runs);
    }

    /** A JSON array of the next {@code size} events, as the listener posts it; they end 0.2 ms apart (5,000 queries per second). */
    public byte[] batch(int size)
    {
        List<RunEvent> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Template template = templates.isEmpty() ? template((int) sequence) : templates.get(random.nextInt(templates.size()));
            events.add(event(template, start.plusNanos(sequence * 200_000)));
        }
        try {
            return MAPPER.writeValueAsBytes(events);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private RunEvent event(Template template, Instant end)
    {
        // Trino's query id format; one generator's ids differ from another's.
        String queryId = "20250601_%06d_%05d_b%04d".formatted(sequence / 100_000, sequence % 100_000, runs);
        sequence++;
        String user = template.users.get(random.nextInt(template.users.size()));
        MeshQueryFacet query = new MeshQueryFacet(PRODUCER, OpenLineage.MESH_QUERY_FACET, queryId, user, Set.of("analysts", "group" + random.nextInt(20)),
                "trino-jdbc", null, "INSERT", "INSERT", "FINISHED", null, end.minusMillis(1500), end.minusMillis(1400), end,
                1400L, 2100L, 1_000_000L, 50_000_000L, 10_000L, 10_000L, null, "sql");
        return new RunEvent("COMPLETE", end, PRODUCER, OpenLineage.SPEC,
                new Run(OpenLineage.runId(NAMESPACE, queryId), new RunFacets(query, null)),
                new Job(NAMESPACE, queryId, new JobFacets(new SqlFacet(PRODUCER, OpenLineage.SQL_FACET, template.sql, "trino"))),
                template.inputs,
                List.of(template.output));
    }

    private Template template(int index)
    {
        int inputCount = 2 + random.nextInt(3);
        List<Integer> tables = new ArrayList<>();
        while (tables.size() < inputCount) {
            int table = random.nextInt(INPUT_TABLES);
            if (!tables.contains(table)) {
                tables.add(table);
            }
        }
        List<InputDataset> inputs = new ArrayList<>();
        for (int table : tables) {
            String name = inputName(table);
            boolean throughView = table % 2 == 0;
            List<String> via = throughView ? List.of("mesh.product%s.dataset%s".formatted(table % 100, table)) : List.of();
            List<SchemaField> columns = new ArrayList<>();
            for (int column = 0; column < 4; column++) {
                columns.add(new SchemaField("c" + ((index + column) % COLUMNS), "varchar"));
            }
            List<String> filters = table % 5 == 0 ? List.of("region = current_user_region()") : List.of();
            List<ColumnMask> masks = table % 7 == 0 ? List.of(new ColumnMask("c1", "to_hex(sha256(to_utf8(c1)))")) : List.of();
            inputs.add(new InputDataset(NAMESPACE, name,
                    new DatasetFacets(new SchemaFacet(PRODUCER, OpenLineage.SCHEMA_FACET, columns), null,
                            new MeshAccessFacet(PRODUCER, OpenLineage.MESH_ACCESS_FACET, !throughView, via, filters, masks)),
                    new InputFacets(new StatisticsFacet(PRODUCER, OpenLineage.INPUT_STATISTICS_FACET, 250_000L, 12_500_000L))));
        }
        String output = "lake.out%s.t%s".formatted(index % 50, random.nextInt(OUTPUT_TABLES));
        Map<String, ColumnLineageField> fields = new LinkedHashMap<>();
        List<SchemaField> outputColumns = new ArrayList<>();
        for (int column = 0; column < 10; column++) {
            List<InputField> sources = new ArrayList<>();
            int sourceCount = 1 + random.nextInt(2);
            for (int source = 0; source < sourceCount; source++) {
                sources.add(new InputField(NAMESPACE, inputName(tables.get(random.nextInt(tables.size()))), "c" + random.nextInt(COLUMNS), null));
            }
            fields.put("o" + column, new ColumnLineageField(sources));
            outputColumns.add(new SchemaField("o" + column, "varchar"));
        }
        OutputDataset outputDataset = new OutputDataset(NAMESPACE, output,
                new DatasetFacets(new SchemaFacet(PRODUCER, OpenLineage.SCHEMA_FACET, outputColumns),
                        new ColumnLineageFacet(PRODUCER, OpenLineage.COLUMN_LINEAGE_FACET, fields, null), null),
                new OutputFacets(new StatisticsFacet(PRODUCER, OpenLineage.OUTPUT_STATISTICS_FACET, 10_000L, 400_000L)));
        String sql = "INSERT INTO %s SELECT %s FROM %s WHERE c0 > 0".formatted(output, String.join(", ", fields.keySet()), String.join(" JOIN ", tables.stream().map(TrinoShapedEvents::inputName).toList()));
        List<String> users = new ArrayList<>();
        for (int user = 1 + random.nextInt(3); user > 0; user--) {
            users.add("user" + random.nextInt(USERS));
        }
        return new Template(inputs, outputDataset, sql, users);
    }

    private static String inputName(int table)
    {
        return "lake.product%s.table%s".formatted(table % 100, table);
    }

    private record Template(List<InputDataset> inputs, OutputDataset output, String sql, List<String> users) {}
}
