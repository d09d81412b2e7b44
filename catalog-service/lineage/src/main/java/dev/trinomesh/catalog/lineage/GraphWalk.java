package dev.trinomesh.catalog.lineage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A breadth-first walk of the lineage graph, one indexed statement per hop with the whole frontier as an array
 * and the visited set kept here: portable, bounded, and safe on cycles (recursive SQL is not: H2's has no cycle
 * detection).
 * <p>
 * From a column, the walk follows the column's own edges and, upstream, the column-to-dataset edges into its
 * dataset (a filter or join column affects every column). A column with neither continues at the level of its
 * dataset: that is how a walk crosses views and SQL-defined mesh datasets, which have no column lineage. From a
 * dataset, the walk follows dataset-level edges, which include a projection of every column edge.
 */
final class GraphWalk
{
    private GraphWalk() {}

    record Reached(int depth, long datasetId) {}

    record Result(Map<Long, Reached> reached, List<EdgeRow> edges, boolean truncated) {}

    static Result walk(Connection connection, Direction direction, Node root, int maxDepth, int maxNodes, int maxEdges)
            throws SQLException
    {
        Map<Long, Reached> reached = new LinkedHashMap<>();
        reached.put(root.id(), new Reached(0, root.datasetId()));
        List<EdgeRow> walked = new ArrayList<>();
        Set<EdgeKey> walkedKeys = new HashSet<>();
        boolean truncated = false;
        List<Long> frontier = List.of(root.id());
        try (PreparedStatement hop = connection.prepareStatement("""
                SELECT target_id, source_id, kind, target_dataset_id, source_dataset_id, first_seen, last_seen, last_query_id
                FROM lineage_edges WHERE %s = ANY(?)""".formatted(direction.nearColumn()))) {
            for (int depth = 1; depth <= maxDepth && !frontier.isEmpty(); depth++) {
                Map<Long, List<EdgeRow>> edgesByNear = hop(connection, hop, direction, asked(frontier, reached));
                List<Long> next = new ArrayList<>();
                for (long id : frontier) {
                    Reached node = reached.get(id);
                    for (EdgeRow edge : edgesToFollow(direction, id, node, edgesByNear, reached)) {
                        long far = edge.far(direction);
                        if (!reached.containsKey(far)) {
                            if (reached.size() >= maxNodes) {
                                truncated = true;
                                continue;
                            }
                            reached.put(far, new Reached(depth, edge.farDataset(direction)));
                            next.add(far);
                        }
                        if (walkedKeys.add(edge.key())) {
                            if (walked.size() >= maxEdges) {
                                truncated = true;
                            }
                            else {
                                walked.add(edge);
                            }
                        }
                    }
                }
                frontier = next;
            }
        }
        return new Result(reached, walked, truncated);
    }

    private static List<EdgeRow> edgesToFollow(Direction direction, long id, Reached node, Map<Long, List<EdgeRow>> edgesByNear, Map<Long, Reached> reached)
    {
        List<EdgeRow> follow = new ArrayList<>();
        boolean column = id != node.datasetId();
        if (!column) {
            for (EdgeRow edge : edgesByNear.getOrDefault(id, List.of())) {
                if (!edge.farIsColumn(direction)) {
                    follow.add(edge);
                }
            }
            return follow;
        }
        follow.addAll(edgesByNear.getOrDefault(id, List.of()));
        List<EdgeRow> datasetEdges = edgesByNear.getOrDefault(node.datasetId(), List.of());
        if (direction == Direction.UPSTREAM) {
            for (EdgeRow edge : datasetEdges) {
                if (edge.farIsColumn(direction)) {
                    follow.add(edge);
                }
            }
        }
        if (follow.isEmpty()) {
            for (EdgeRow edge : datasetEdges) {
                if (!edge.farIsColumn(direction)) {
                    follow.add(edge);
                }
            }
            if (!follow.isEmpty()) {
                // The walk goes on from the column's dataset, which joins the answer at the column's depth.
                reached.merge(node.datasetId(), new Reached(node.depth(), node.datasetId()), (known, fallback) -> known.depth() <= fallback.depth() ? known : fallback);
            }
        }
        return follow;
    }

    /** The frontier, and the datasets of its columns (their column-to-dataset edges, or the dataset level to fall back to). */
    private static Set<Long> asked(List<Long> frontier, Map<Long, Reached> reached)
    {
        Set<Long> asked = new LinkedHashSet<>(frontier);
        for (long id : frontier) {
            asked.add(reached.get(id).datasetId());
        }
        return asked;
    }

    private static Map<Long, List<EdgeRow>> hop(Connection connection, PreparedStatement hop, Direction direction, Set<Long> ids)
            throws SQLException
    {
        hop.setArray(1, Sql.ids(connection, ids));
        Map<Long, List<EdgeRow>> edgesByNear = new HashMap<>();
        try (ResultSet rows = hop.executeQuery()) {
            while (rows.next()) {
                EdgeRow edge = new EdgeRow(
                        rows.getLong("target_id"),
                        rows.getLong("source_id"),
                        EdgeKind.valueOf(rows.getString("kind")),
                        rows.getLong("target_dataset_id"),
                        rows.getLong("source_dataset_id"),
                        Sql.time(rows, "first_seen"),
                        Sql.time(rows, "last_seen"),
                        rows.getString("last_query_id"));
                edgesByNear.computeIfAbsent(edge.near(direction), _ -> new ArrayList<>()).add(edge);
            }
        }
        return edgesByNear;
    }
}
