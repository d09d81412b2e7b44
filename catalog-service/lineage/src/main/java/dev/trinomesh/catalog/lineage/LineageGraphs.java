package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.lineage.Impact;
import dev.trinomesh.api.lineage.Impact.Consumer;
import dev.trinomesh.api.lineage.Impact.ImpactedDataset;
import dev.trinomesh.api.lineage.LineageEdge;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.api.lineage.LineageNode;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.lineage.GraphWalk.Reached;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/** Upstream and downstream walks, impact analysis and the edge list, over the stored graph. */
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

    public LineageGraph graph(Direction direction, Optional<String> namespace, String dataset, Optional<String> column, int depth)
    {
        ProductIndex products = registry.current();
        Node root = node(namespace, dataset, column);
        return Sql.read(jdbi, connection -> {
            GraphWalk.Result walk = GraphWalk.walk(connection, direction, root, depth, maxNodes, maxEdges);
            Map<Long, Node> names = names(connection, root, walk);
            List<LineageNode> nodes = walk.reached().entrySet().stream()
                    .map(entry -> lineageNode(names.get(entry.getKey()), entry.getValue().depth(), products))
                    .sorted(Comparator.comparingInt(LineageNode::depth).thenComparing(LineageNode::dataset).thenComparing(node -> node.column() == null ? "" : node.column()))
                    .toList();
            List<LineageEdge> edges = walk.edges().stream().map(edge -> lineageEdge(edge, names)).toList();
            return new LineageGraph(direction.wireName(), lineageNode(root, 0, products), depth, nodes, edges, walk.truncated());
        });
    }

    /** Everything downstream of a dataset or column, by dataset and product, and who reads any of it. */
    public Impact impact(Optional<String> namespace, String dataset, Optional<String> column, int depth)
    {
        ProductIndex products = registry.current();
        rollup.rollUp();
        Node root = node(namespace, dataset, column);
        return Sql.read(jdbi, connection -> {
            GraphWalk.Result walk = GraphWalk.walk(connection, Direction.DOWNSTREAM, root, depth, maxNodes, maxEdges);
            Map<Long, Node> names = names(connection, root, walk);
            Map<Long, Affected> affected = new LinkedHashMap<>();
            for (Map.Entry<Long, Reached> entry : walk.reached().entrySet()) {
                Node node = names.get(entry.getKey());
                int reachedAt = entry.getValue().depth();
                if (reachedAt == 0) {
                    continue;
                }
                affected.computeIfAbsent(node.datasetId(), _ -> new Affected(node.datasetNode(), reachedAt)).reach(node, reachedAt);
            }
            List<ImpactedDataset> datasets = affected.values().stream()
                    .sorted(Comparator.comparingInt(Affected::depth).thenComparing(entry -> entry.dataset.dataset()))
                    .map(entry -> new ImpactedDataset(entry.dataset.namespace(), entry.dataset.dataset(), products.productOf(entry.dataset.namespace(), entry.dataset.dataset()), List.copyOf(entry.columns), entry.depth))
                    .toList();
            List<String> impactedProducts = datasets.stream().map(ImpactedDataset::product).filter(product -> product != null).distinct().sorted().toList();
            List<Long> read = new ArrayList<>(affected.keySet());
            read.add(root.datasetId());
            return new Impact(lineageNode(root, 0, products), depth, datasets, impactedProducts, consumers(connection, read), walk.truncated());
        });
    }

    /** Edges from or into any column of {@code dataset} (or all edges), at most {@code limit}. */
    public List<LineageEdge> edges(Optional<String> namespace, Optional<String> dataset, int limit)
    {
        // Brings the CONTRACT edges up to the registry's revision.
        registry.current();
        return Sql.read(jdbi, connection -> {
            List<EdgeRow> rows = new ArrayList<>();
            if (dataset.isPresent()) {
                List<Long> ids = datasetNodeIds(connection, namespace.orElse(defaultNamespace), dataset.orElseThrow());
                if (ids.isEmpty()) {
                    return List.<LineageEdge>of();
                }
                Map<EdgeKey, EdgeRow> unique = new LinkedHashMap<>();
                for (Direction direction : Direction.values()) {
                    edgeRows(connection, "WHERE %s = ANY(?) ORDER BY target_id, source_id, kind LIMIT ?".formatted(direction.nearColumn()), ids, limit)
                            .forEach(edge -> unique.putIfAbsent(edge.key(), edge));
                }
                unique.values().stream().limit(limit).forEach(rows::add);
            }
            else {
                rows.addAll(edgeRows(connection, "ORDER BY target_id, source_id, kind LIMIT ?", null, limit));
            }
            TreeSet<Long> ids = new TreeSet<>();
            rows.forEach(edge -> {
                ids.add(edge.sourceId());
                ids.add(edge.targetId());
            });
            Map<Long, Node> names = IngestStatements.storedNodes(connection, List.copyOf(ids));
            return rows.stream()
                    .map(edge -> lineageEdge(edge, names))
                    .sorted(Comparator.comparing(LineageEdge::sourceDataset)
                            .thenComparing(edge -> orEmpty(edge.sourceColumn()))
                            .thenComparing(LineageEdge::targetDataset)
                            .thenComparing(edge -> orEmpty(edge.targetColumn()))
                            .thenComparing(LineageEdge::kind))
                    .toList();
        });
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
            throw ServiceException.notFound("no lineage recorded for dataset '%s' in namespace '%s'; Trino datasets are named catalog.schema.table, as in mesh.metadata.lineage_edges"
                    .formatted(root.dataset(), root.namespace()));
        }
        // A column without column-level lineage of its own (of a view, say) still has its dataset's.
        names.putIfAbsent(root.id(), root);
        return names;
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

    private static List<EdgeRow> edgeRows(Connection connection, String condition, List<Long> ids, int limit)
            throws SQLException
    {
        List<EdgeRow> edges = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT target_id, source_id, kind, target_dataset_id, source_dataset_id, first_seen, last_seen, last_query_id
                FROM lineage_edges""" + " " + condition)) {
            int index = 1;
            if (ids != null) {
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

    static LineageNode lineageNode(Node node, int depth, ProductIndex products)
    {
        return new LineageNode(node.namespace(), node.dataset(), node.isColumn() ? node.column() : null, products.productOf(node.namespace(), node.dataset()), depth);
    }

    private static LineageEdge lineageEdge(EdgeRow edge, Map<Long, Node> names)
    {
        Node source = requireNonNull(names.get(edge.sourceId()), "edge source is not a stored node");
        Node target = requireNonNull(names.get(edge.targetId()), "edge target is not a stored node");
        return new LineageEdge(
                source.namespace(), source.dataset(), source.isColumn() ? source.column() : null,
                target.namespace(), target.dataset(), target.isColumn() ? target.column() : null,
                edge.kind().name(), edge.firstSeen(), edge.lastSeen(), edge.lastQueryId());
    }

    private static String orEmpty(String value)
    {
        return value == null ? "" : value;
    }

    /** A downstream dataset: the least depth it was reached at and the columns reached. */
    private static final class Affected
    {
        private final Node dataset;
        private final TreeSet<String> columns = new TreeSet<>();
        private int depth;

        Affected(Node dataset, int depth)
        {
            this.dataset = dataset;
            this.depth = depth;
        }

        void reach(Node node, int reachedAt)
        {
            depth = Math.min(depth, reachedAt);
            if (node.isColumn()) {
                columns.add(node.column());
            }
        }

        int depth()
        {
            return depth;
        }
    }
}
