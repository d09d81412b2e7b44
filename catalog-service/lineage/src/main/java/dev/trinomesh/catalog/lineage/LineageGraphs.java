package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.lineage.Impact;
import dev.trinomesh.api.lineage.Impact.Consumer;
import dev.trinomesh.api.lineage.Impact.ImpactedDataset;
import dev.trinomesh.api.lineage.LineageEdge;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.api.lineage.LineageNode;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.registry.api.Viewer;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Upstream and downstream walks, impact analysis and the edge list, over the stored graph, each as the caller may see
 * it ({@link Disclosure}). A walk goes through what the caller may not see, so that what lies beyond and the counts
 * stay true; a node they may not see is asked about as one never recorded.
 */
public class LineageGraphs
{
    private final Jdbi jdbi;
    private final RegistryFollower registry;
    private final LineageRollup rollup;
    private final String defaultNamespace;
    private final int maxNodes;
    private final int maxEdges;

    @Inject
    public LineageGraphs(Jdbi jdbi, RegistryFollower registry, LineageRollup rollup, LineageConfig config)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.rollup = requireNonNull(rollup, "rollup is null");
        this.defaultNamespace = config.getTrinoNamespace();
        this.maxNodes = config.getMaxWalkNodes();
        this.maxEdges = 5 * config.getMaxWalkNodes();
    }

    public LineageGraph graph(Viewer viewer, Direction direction, Optional<String> namespace, String dataset, Optional<String> column, int depth)
    {
        ProductIndex products = registry.current();
        Disclosure disclosure = new Disclosure(new NodeVisibility(viewer, products), products);
        Node root = visibleRoot(disclosure, namespace, dataset, column);
        return Sql.read(jdbi, connection -> {
            GraphWalk.Result walk = GraphWalk.walk(connection, direction, root, depth, maxNodes, maxEdges);
            Map<Long, Node> names = names(connection, root, walk);
            // Hidden nodes are numbered in the order shown: after the visible ones of their depth, by id (which tells nothing).
            List<LineageNode> nodes = walk.reached().entrySet().stream()
                    .map(entry -> new Reached(names.get(entry.getKey()), entry.getValue().depth(), disclosure.visible(names.get(entry.getKey()))))
                    .sorted(Reached.SHOWN_ORDER)
                    .map(reached -> disclosure.node(reached.node(), reached.depth()))
                    .toList();
            List<LineageEdge> edges = walk.edges().stream().flatMap(edge -> disclosure.edge(edge, names).stream()).toList();
            return new LineageGraph(direction.wireName(), disclosure.node(root, 0), depth, nodes, edges, walk.truncated());
        });
    }

    /**
     * Everything downstream of a dataset or column, by dataset and product, and who reads any of it. What the caller
     * may not see is counted without names: restricted datasets, and the products and readers only they have.
     */
    public Impact impact(Viewer viewer, Optional<String> namespace, String dataset, Optional<String> column, int depth)
    {
        ProductIndex products = registry.current();
        Disclosure disclosure = new Disclosure(new NodeVisibility(viewer, products), products);
        Node root = visibleRoot(disclosure, namespace, dataset, column);
        rollup.rollUp();
        return Sql.read(jdbi, connection -> {
            GraphWalk.Result walk = GraphWalk.walk(connection, Direction.DOWNSTREAM, root, depth, maxNodes, maxEdges);
            Map<Long, Node> names = names(connection, root, walk);
            Map<Long, Affected> affected = new LinkedHashMap<>();
            for (Map.Entry<Long, GraphWalk.Reached> entry : walk.reached().entrySet()) {
                Node node = names.get(entry.getKey());
                int reachedAt = entry.getValue().depth();
                if (reachedAt == 0) {
                    continue;
                }
                affected.computeIfAbsent(node.datasetId(), _ -> new Affected(node.datasetNode(), reachedAt, disclosure.visible(node))).reach(node, reachedAt);
            }
            List<ImpactedDataset> datasets = affected.values().stream()
                    .sorted(Comparator.comparingInt(Affected::depth)
                            .thenComparing(entry -> !entry.visible)
                            .thenComparing(entry -> entry.visible ? entry.dataset.dataset() : "")
                            .thenComparingLong(entry -> entry.dataset.id()))
                    .map(entry -> entry.visible
                            ? new ImpactedDataset(entry.dataset.namespace(), entry.dataset.dataset(), disclosure.product(entry.dataset), List.copyOf(entry.columns.keySet()), entry.depth)
                            : new ImpactedDataset(null, disclosure.hiddenDataset(entry.dataset), null, entry.columns.values().stream().sorted(Comparator.comparingLong(Node::id)).map(disclosure::hiddenColumn).toList(), entry.depth))
                    .toList();
            TreeSet<String> named = new TreeSet<>();
            TreeSet<String> unnamed = new TreeSet<>();
            List<Long> read = new ArrayList<>();
            List<Long> hidden = new ArrayList<>();
            read.add(root.datasetId());
            for (Affected entry : affected.values()) {
                (entry.visible ? read : hidden).add(entry.dataset.id());
                String product = products.productOf(entry.dataset.namespace(), entry.dataset.dataset());
                if (product != null) {
                    (disclosure.visibleProduct(product) ? named : unnamed).add(product);
                }
            }
            List<Consumer> consumers = consumers(connection, read);
            Set<String> hiddenReaders = hidden.isEmpty() ? new HashSet<>() : readers(connection, hidden);
            consumers.forEach(consumer -> hiddenReaders.remove(consumer.user()));
            return new Impact(disclosure.node(root, 0), depth, datasets, List.copyOf(named), unnamed.size(), consumers, hiddenReaders.size(), walk.truncated());
        });
    }

    /**
     * Edges from or into any column of {@code dataset} (or all edges), at most {@code limit}, as the caller may see
     * them: a person's answer holds the edges with at least one end they may see.
     */
    public List<LineageEdge> edges(Viewer viewer, Optional<String> namespace, Optional<String> dataset, int limit)
    {
        // Brings the CONTRACT edges up to the registry's revision.
        ProductIndex products = registry.current();
        NodeVisibility visibility = new NodeVisibility(viewer, products);
        Disclosure disclosure = new Disclosure(visibility, products);
        return Sql.read(jdbi, connection -> {
            List<EdgeRow> rows = new ArrayList<>();
            if (dataset.isPresent()) {
                if (!visibility.visible(namespace.orElse(defaultNamespace), dataset.orElseThrow())) {
                    return List.<LineageEdge>of();
                }
                List<Long> ids = datasetNodeIds(connection, namespace.orElse(defaultNamespace), dataset.orElseThrow());
                if (ids.isEmpty()) {
                    return List.<LineageEdge>of();
                }
                Map<EdgeKey, EdgeRow> unique = new LinkedHashMap<>();
                for (Direction direction : Direction.values()) {
                    edgeRows(connection, "WHERE %s = ANY(?) ORDER BY target_id, source_id, kind LIMIT ?".formatted(direction.nearColumn()), List.of(ids), limit)
                            .forEach(edge -> unique.putIfAbsent(edge.key(), edge));
                }
                unique.values().stream().limit(limit).forEach(rows::add);
            }
            else if (visibility.seesEverything()) {
                rows.addAll(edgeRows(connection, "ORDER BY target_id, source_id, kind LIMIT ?", List.of(), limit));
            }
            else {
                List<Long> visible = VisibleDatasets.ids(connection, visibility, defaultNamespace);
                if (visible.isEmpty()) {
                    return List.<LineageEdge>of();
                }
                rows.addAll(edgeRows(connection, "WHERE source_dataset_id = ANY(?) OR target_dataset_id = ANY(?) ORDER BY target_id, source_id, kind LIMIT ?", List.of(visible, visible), limit));
            }
            TreeSet<Long> ids = new TreeSet<>();
            rows.forEach(edge -> {
                ids.add(edge.sourceId());
                ids.add(edge.targetId());
            });
            Map<Long, Node> names = IngestStatements.storedNodes(connection, List.copyOf(ids));
            // Numbered in the rows' order (by ids, which tell nothing), then sorted as shown.
            return rows.stream()
                    .flatMap(edge -> disclosure.edge(edge, names).stream())
                    .toList()
                    .stream()
                    .sorted(Comparator.comparing(LineageEdge::sourceDataset)
                            .thenComparing(edge -> orEmpty(edge.sourceColumn()))
                            .thenComparing(LineageEdge::targetDataset)
                            .thenComparing(edge -> orEmpty(edge.targetColumn()))
                            .thenComparing(LineageEdge::kind))
                    .toList();
        });
    }

    /** The node asked about; one the caller may not see is answered as one the store has never recorded. */
    private Node visibleRoot(Disclosure disclosure, Optional<String> namespace, String dataset, Optional<String> column)
    {
        Node root = node(namespace, dataset, column);
        if (!disclosure.visible(root)) {
            throw notRecorded(root);
        }
        return root;
    }

    private Node node(Optional<String> namespace, String dataset, Optional<String> column)
    {
        return Node.of(namespace.orElse(defaultNamespace), dataset, column.orElse(""));
    }

    /** Names of every node in the walk; refuses a root whose dataset the store has never seen. */
    private static Map<Long, Node> names(Connection connection, Node root, GraphWalk.Result walk)
            throws SQLException
    {
        List<Long> ids = new ArrayList<>(walk.reached().keySet());
        ids.add(root.datasetId());
        Map<Long, Node> names = IngestStatements.storedNodes(connection, ids);
        if (!names.containsKey(root.datasetId())) {
            throw notRecorded(root);
        }
        // A column without column-level lineage of its own (of a view, say) still has its dataset's.
        names.putIfAbsent(root.id(), root);
        return names;
    }

    private static ServiceException notRecorded(Node root)
    {
        return ServiceException.notFound("no lineage recorded for dataset '%s' in namespace '%s'; Trino datasets are named catalog.schema.table, as in mesh.metadata.lineage_edges"
                .formatted(root.dataset(), root.namespace()));
    }

    /** Who read any of {@code datasetIds}. */
    private static Set<String> readers(Connection connection, List<Long> datasetIds)
            throws SQLException
    {
        Set<String> readers = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT user_name FROM lineage_usage WHERE dataset_id = ANY(?)")) {
            select.setArray(1, Sql.ids(connection, datasetIds));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    readers.add(rows.getString("user_name"));
                }
            }
        }
        return readers;
    }

    private static List<Consumer> consumers(Connection connection, List<Long> datasetIds)
            throws SQLException
    {
        // Summed over the datasets: a query that read two of them counts twice.
        List<Consumer> consumers = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT user_name, SUM(queries) AS queries, MAX(last_seen) AS last_seen
                FROM lineage_usage WHERE dataset_id = ANY(?)
                GROUP BY user_name ORDER BY queries DESC, user_name""")) {
            select.setArray(1, Sql.ids(connection, datasetIds));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    consumers.add(new Consumer(rows.getString("user_name"), rows.getLong("queries"), Sql.time(rows, "last_seen")));
                }
            }
        }
        return consumers;
    }

    private static List<Long> datasetNodeIds(Connection connection, String namespace, String dataset)
            throws SQLException
    {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM lineage_nodes WHERE namespace = ? AND dataset = ?")) {
            select.setString(1, namespace);
            select.setString(2, dataset);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong("id"));
                }
            }
        }
        return ids;
    }

    /** Edge rows matching {@code condition}, whose parameters are one id array per entry of {@code idArrays}, then the limit. */
    private static List<EdgeRow> edgeRows(Connection connection, String condition, List<List<Long>> idArrays, int limit)
            throws SQLException
    {
        List<EdgeRow> edges = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT target_id, source_id, kind, target_dataset_id, source_dataset_id, first_seen, last_seen, last_query_id
                FROM lineage_edges""" + " " + condition)) {
            int index = 1;
            for (List<Long> ids : idArrays) {
                select.setArray(index++, Sql.ids(connection, ids));
            }
            select.setInt(index, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    edges.add(new EdgeRow(rows.getLong("target_id"), rows.getLong("source_id"), EdgeKind.valueOf(rows.getString("kind")),
                            rows.getLong("target_dataset_id"), rows.getLong("source_dataset_id"),
                            Sql.time(rows, "first_seen"), Sql.time(rows, "last_seen"), rows.getString("last_query_id")));
                }
            }
        }
        return edges;
    }

    private static String orEmpty(String value)
    {
        return value == null ? "" : value;
    }

    /** A node of a walk, as it is listed: by depth, the visible ones by name, then the hidden ones by id. */
    private record Reached(Node node, int depth, boolean visible)
    {
        static final Comparator<Reached> SHOWN_ORDER = Comparator.comparingInt(Reached::depth)
                .thenComparing(reached -> !reached.visible())
                .thenComparing(reached -> reached.visible() ? reached.node().dataset() : "")
                .thenComparing(reached -> reached.visible() ? reached.node().column() : "")
                .thenComparingLong(reached -> reached.visible() ? 0 : reached.node().datasetId())
                .thenComparingLong(reached -> reached.visible() ? 0 : reached.node().id());
    }

    /** A downstream dataset: the least depth it was reached at and the columns reached. */
    private static final class Affected
    {
        private final Node dataset;
        private final boolean visible;
        private final TreeMap<String, Node> columns = new TreeMap<>();
        private int depth;

        Affected(Node dataset, int depth, boolean visible)
        {
            this.dataset = dataset;
            this.depth = depth;
            this.visible = visible;
        }

        void reach(Node node, int reachedAt)
        {
            depth = Math.min(depth, reachedAt);
            if (node.isColumn()) {
                columns.put(node.column(), node);
            }
        }

        int depth()
        {
            return depth;
        }
    }
}
