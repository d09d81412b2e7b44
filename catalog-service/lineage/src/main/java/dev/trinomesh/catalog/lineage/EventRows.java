package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageFacet;
import dev.trinomesh.api.lineage.OpenLineage.ColumnLineageField;
import dev.trinomesh.api.lineage.OpenLineage.DatasetFacets;
import dev.trinomesh.api.lineage.OpenLineage.InputDataset;
import dev.trinomesh.api.lineage.OpenLineage.InputField;
import dev.trinomesh.api.lineage.OpenLineage.MeshAccessFacet;
import dev.trinomesh.api.lineage.OpenLineage.MeshQueryFacet;
import dev.trinomesh.api.lineage.OpenLineage.OutputDataset;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import dev.trinomesh.api.lineage.OpenLineage.RunFacets;
import dev.trinomesh.api.lineage.OpenLineage.SchemaField;
import dev.trinomesh.api.lineage.OpenLineage.Transformation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * What one valid run event adds to the store, worked out without the database:
 * <ul>
 * <li>DIRECT and INDIRECT column edges from each output's {@code columnLineage} (by the input fields'
 * transformation types), and INDIRECT column-to-dataset edges from its {@code dataset} part;</li>
 * <li>a dataset-level edge from every input (and from the outermost view it was read through) to every
 * output: DIRECT when column lineage says values were copied or when the output has none, else INDIRECT;
 * so every column edge has a dataset-level edge between its datasets;</li>
 * <li>VIEW edges along each input's {@code meshAccess.via}: input → via[0] → via[1] ...;</li>
 * <li>the run, with the datasets it read (its inputs, and the views it read them through), for usage and audit.</li>
 * </ul>
 */
record EventRows(UUID runId, String eventKey, Instant eventTime, RunRow run, List<Edge> edges, Collection<Node> nodes, String readsJson)
{
    /** Run state transitions a run sends once; other types are told apart by their time. */
    private static final Set<String> ONCE_PER_RUN = Set.of("START", "COMPLETE", "ABORT", "FAIL");
    private static final Set<String> FINAL = Set.of("COMPLETE", "ABORT", "FAIL");
    static final int MAX_QUERY_LENGTH = 1_048_576;

    EventRows
    {
        requireNonNull(runId, "runId is null");
        requireNonNull(eventKey, "eventKey is null");
        requireNonNull(run, "run is null");
        edges = List.copyOf(edges);
        nodes = List.copyOf(nodes);
    }

    /** {@code event} must have passed {@link RunEventValidator}. */
    static EventRows of(RunEvent event, NodeNames names)
    {
        UUID runId = event.run().runId();
        MeshQueryFacet query = meshQuery(event);
        String queryId = query != null ? query.queryId() : runId.toString();
        Nodes nodes = new Nodes(names);
        List<Edge> edges = new ArrayList<>();
        for (OutputDataset output : event.outputs()) {
            addOutputEdges(event, output, nodes, queryId, edges);
        }
        for (InputDataset input : event.inputs()) {
            List<String> via = access(input) == null ? List.of() : access(input).via();
            Node from = nodes.dataset(input.namespace(), input.name());
            for (String view : via) {
                Node to = nodes.dataset(input.namespace(), view);
                edges.add(new Edge(from, to, EdgeKind.VIEW, event.eventTime(), queryId));
                from = to;
            }
        }
        String eventKey = eventKey(event);
        RunRow run = run(event, eventKey, query, reads(event, nodes));
        // Worked out here, outside the writers' turn: the JSON a new run is stored with, and every node the event names.
        return new EventRows(runId, eventKey, event.eventTime(), run, edges, nodes.all(), LineageJson.reads(run.reads(), IngestStatements.MAX_JSON_LENGTH));
    }

    private static void addOutputEdges(RunEvent event, OutputDataset output, Nodes nodes, String queryId, List<Edge> edges)
    {
        Instant seen = event.eventTime();
        Node target = nodes.dataset(output.namespace(), output.name());
        ColumnLineageFacet lineage = output.facets() == null ? null : output.facets().columnLineage();
        // The dataset-level edges into this output, by source dataset: DIRECT wins over INDIRECT.
        Map<Node, EdgeKind> datasetEdges = new LinkedHashMap<>();
        if (lineage != null && lineage.fields() != null) {
            for (Map.Entry<String, ColumnLineageField> field : lineage.fields().entrySet()) {
                if (field.getValue() == null || field.getValue().inputFields() == null) {
                    continue;
                }
                Node targetColumn = nodes.column(output.namespace(), output.name(), field.getKey());
                // One edge per source column and kind, however many transformations name it.
                Map<Node, EdgeKind> sources = new LinkedHashMap<>();
                for (InputField inputField : field.getValue().inputFields()) {
                    sources.merge(nodes.column(inputField.namespace(), inputField.name(), inputField.field()), kindOf(inputField.transformations()), EventRows::stronger);
                }
                sources.forEach((source, kind) -> {
                    edges.add(new Edge(source, targetColumn, kind, seen, queryId));
                    datasetEdges.merge(nodes.dataset(source.namespace(), source.dataset()), kind, EventRows::stronger);
                });
            }
        }
        if (lineage != null && lineage.dataset() != null) {
            for (InputField inputField : lineage.dataset()) {
                Node source = nodes.column(inputField.namespace(), inputField.name(), inputField.field());
                edges.add(new Edge(source, target, EdgeKind.INDIRECT, seen, queryId));
                datasetEdges.merge(nodes.dataset(source.namespace(), source.dataset()), EdgeKind.INDIRECT, EventRows::stronger);
            }
        }
        // Inputs without column lineage into this output still affect it; with no column lineage at all,
        // nothing says how, so the data is taken to flow.
        EdgeKind unexplained = lineage == null ? EdgeKind.DIRECT : EdgeKind.INDIRECT;
        for (InputDataset input : event.inputs()) {
            Node source = nodes.dataset(input.namespace(), input.name());
            EdgeKind kind = datasetEdges.merge(source, unexplained, EventRows::stronger);
            MeshAccessFacet access = access(input);
            if (access != null && !access.via().isEmpty()) {
                datasetEdges.merge(nodes.dataset(input.namespace(), access.via().getLast()), kind, EventRows::stronger);
            }
        }
        datasetEdges.forEach((source, kind) -> edges.add(new Edge(source, target, kind, seen, queryId)));
    }

    private static List<ReadRow> reads(RunEvent event, Nodes nodes)
    {
        Map<Node, ReadRow> reads = new LinkedHashMap<>();
        for (InputDataset input : event.inputs()) {
            MeshAccessFacet access = access(input);
            // The views by the names their nodes are recorded by (a pinned table's is its table's: NodeNames).
            List<String> via = access == null ? List.of() : access.via().stream().map(view -> nodes.dataset(input.namespace(), view).dataset()).toList();
            List<String> columns = new ArrayList<>();
            if (input.facets() != null && input.facets().schema() != null && input.facets().schema().fields() != null) {
                for (SchemaField field : input.facets().schema().fields()) {
                    columns.add(field.name());
                }
            }
            // Without the mesh facet, the producer named the input itself.
            boolean direct = access == null || access.directlyReferenced();
            ReadRow read = new ReadRow(nodes.dataset(input.namespace(), input.name()), true, direct, via, columns,
                    access == null ? List.of() : access.rowFilters(),
                    access == null ? List.of() : access.columnMasks());
            reads.merge(read.dataset(), read, ReadRow::merge);
            for (int i = 0; i < via.size(); i++) {
                // The outermost view is the one the query named, unless it named the input itself.
                boolean named = i == via.size() - 1 && !direct;
                ReadRow view = new ReadRow(nodes.dataset(input.namespace(), via.get(i)), false, named, via.subList(i + 1, via.size()), List.of(), List.of(), List.of());
                reads.merge(view.dataset(), view, ReadRow::merge);
            }
        }
        return new ArrayList<>(reads.values());
    }

    private static RunRow run(RunEvent event, String eventKey, MeshQueryFacet query, List<ReadRow> reads)
    {
        RunFacets facets = event.run().facets();
        String errorMessage = facets != null && facets.errorMessage() != null ? facets.errorMessage().message() : null;
        String queryText = event.job().facets() != null && event.job().facets().sql() != null ? Sql.bounded(event.job().facets().sql().query(), MAX_QUERY_LENGTH) : null;
        String queryHash = RunRow.queryHash(queryText);
        boolean last = event.eventType() != null && FINAL.contains(event.eventType());
        if (query == null) {
            return new RunRow(event.run().runId(), List.of(eventKey), event.job().namespace(), event.job().name(), event.producer(),
                    null, null, Set.of(), null, null, null, null, null, null, event.eventType(), null, errorMessage, queryText, queryHash, reads,
                    event.eventTime(), last ? event.eventTime() : null, event.eventType(), event.eventTime());
        }
        Instant started = query.createTime() != null ? query.createTime() : query.executionStartTime() != null ? query.executionStartTime() : event.eventTime();
        Instant ended = query.endTime() != null ? query.endTime() : last ? event.eventTime() : null;
        return new RunRow(event.run().runId(), List.of(eventKey), event.job().namespace(), event.job().name(), event.producer(),
                query.queryId(), query.user(), query.groups(), query.source(), query.impersonator(), query.door(), query.clientInfo(), query.queryType(), query.updateType(),
                query.state() != null ? query.state() : event.eventType(), query.errorCode(), errorMessage, queryText, queryHash, reads,
                started, ended, event.eventType(), event.eventTime());
    }

    /** START, COMPLETE, ABORT and FAIL come once per run; RUNNING and OTHER may come often, so their time is part of the key. */
    private static String eventKey(RunEvent event)
    {
        String type = event.eventType() == null ? "" : event.eventType();
        return ONCE_PER_RUN.contains(type) ? type : type + "@" + event.eventTime();
    }

    private static EdgeKind kindOf(List<Transformation> transformations)
    {
        // OpenLineage: DIRECT (the value is derived from the source) or INDIRECT (it only affects it); none given is DIRECT.
        if (transformations == null || transformations.isEmpty()) {
            return EdgeKind.DIRECT;
        }
        for (Transformation transformation : transformations) {
            if (transformation == null || !"INDIRECT".equalsIgnoreCase(transformation.type())) {
                return EdgeKind.DIRECT;
            }
        }
        return EdgeKind.INDIRECT;
    }

    private static EdgeKind stronger(EdgeKind first, EdgeKind second)
    {
        return first == EdgeKind.DIRECT || second == EdgeKind.DIRECT ? EdgeKind.DIRECT : first;
    }

    private static MeshQueryFacet meshQuery(RunEvent event)
    {
        return event.run().facets() == null ? null : event.run().facets().meshQuery();
    }

    private static MeshAccessFacet access(InputDataset input)
    {
        DatasetFacets facets = input.facets();
        return facets == null ? null : facets.meshAccess();
    }

    /** The nodes an event names, each once. */
    private static final class Nodes
    {
        private final NodeNames names;
        private final Map<Long, Node> named = new LinkedHashMap<>();

        Nodes(NodeNames names)
        {
            this.names = names;
        }

        /** Every dataset and column named. */
        Collection<Node> all()
        {
            return named.values();
        }

        Node dataset(String namespace, String dataset)
        {
            Node node = names.dataset(namespace, dataset);
            named.putIfAbsent(node.id(), node);
            return node;
        }

        Node column(String namespace, String dataset, String column)
        {
            dataset(namespace, dataset);
            Node node = names.column(namespace, dataset, column);
            named.putIfAbsent(node.id(), node);
            return node;
        }
    }
}
