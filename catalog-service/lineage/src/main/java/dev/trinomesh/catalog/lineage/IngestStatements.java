package dev.trinomesh.catalog.lineage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.trinomesh.catalog.lineage.Sql.bounded;
import static dev.trinomesh.catalog.lineage.Sql.setTime;

/**
 * The SQL of ingestion: JDBC batches on the caller's transaction. Callers pass rows in key order, so that
 * concurrent transactions take row locks in one order. {@code ON CONFLICT DO NOTHING} (which H2 supports in
 * PostgreSQL mode) reports a row that was already there as an update count of 0.
 */
final class IngestStatements
{
    private static final int ENTRIES_PER_ROW = 10_000;
    static final int MAX_JSON_LENGTH = 1_048_576;
    private static final String RUN_COLUMNS = """
            run_id, event_keys, job_namespace, job_name, producer, query_id, user_name, groups_json, source, client_info,
            query_type, update_type, state, error_code, error_message, query_hash, reads_json, started_at, ended_at, event_type, event_time,
            impersonator, door""";
    /** What {@link #run} reads: a run ({@code r}) with its query text. */
    static final String RUN_WITH_TEXT = "r.*, (SELECT q.query_text FROM lineage_queries q WHERE q.hash = r.query_hash) AS query_text";

    private IngestStatements() {}

    /** The names stored under {@code ids}, by id. */
    static Map<Long, Node> storedNodes(Connection connection, List<Long> ids)
            throws SQLException
    {
        Map<Long, Node> stored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, namespace, dataset, column_name FROM lineage_nodes WHERE id = ANY(?)")) {
            select.setArray(1, Sql.ids(connection, ids));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getLong("id"), Node.of(rows.getString("namespace"), rows.getString("dataset"), rows.getString("column_name")));
                }
            }
        }
        return stored;
    }

    static void insertNodes(Connection connection, List<Node> nodes)
            throws SQLException
    {
        if (nodes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO lineage_nodes (id, namespace, dataset, column_name) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            for (Node node : nodes) {
                insert.setLong(1, node.id());
                insert.setString(2, node.namespace());
                insert.setString(3, node.dataset());
                insert.setString(4, node.column());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Which of {@code edges} were new; the others are to be touched. */
    static boolean[] insertEdges(Connection connection, List<EdgeWrite> edges)
            throws SQLException
    {
        if (edges.isEmpty()) {
            return new boolean[0];
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO lineage_edges (target_id, source_id, kind, target_dataset_id, source_dataset_id, first_seen, last_seen, last_query_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            for (EdgeWrite edge : edges) {
                insert.setLong(1, edge.key().targetId());
                insert.setLong(2, edge.key().sourceId());
                insert.setString(3, edge.key().kind().name());
                insert.setLong(4, edge.targetDatasetId());
                insert.setLong(5, edge.sourceDatasetId());
                setTime(insert, 6, edge.firstSeen());
                setTime(insert, 7, edge.lastSeen());
                insert.setString(8, edge.lastQueryId());
                insert.addBatch();
            }
            return inserted(insert.executeBatch());
        }
    }

    /** Moves first and last seen of stored edges outwards; the last query is the one seen last. */
    static void touchEdges(Connection connection, List<EdgeWrite> edges)
            throws SQLException
    {
        if (edges.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE lineage_edges SET
                    last_query_id = CASE WHEN last_seen < ? THEN ? ELSE last_query_id END,
                    first_seen = LEAST(first_seen, ?),
                    last_seen = GREATEST(last_seen, ?)
                WHERE target_id = ? AND source_id = ? AND kind = ? AND (last_seen < ? OR first_seen > ?)""")) {
            for (EdgeWrite edge : edges) {
                setTime(update, 1, edge.lastSeen());
                update.setString(2, edge.lastQueryId());
                setTime(update, 3, edge.firstSeen());
                setTime(update, 4, edge.lastSeen());
                update.setLong(5, edge.key().targetId());
                update.setLong(6, edge.key().sourceId());
                update.setString(7, edge.key().kind().name());
                setTime(update, 8, edge.lastSeen());
                setTime(update, 9, edge.firstSeen());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Which of {@code events}' runs were new; the others are runs an earlier event recorded, to be merged. */
    static boolean[] insertRuns(Connection connection, List<EventRows> events)
            throws SQLException
    {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO lineage_runs (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (EventRows event : events) {
                bindRun(insert, event.run(), event.readsJson());
                insert.addBatch();
            }
            return inserted(insert.executeBatch());
        }
    }

    /** The stored runs {@code ids}, locked until the transaction ends: the events merged into them are decided one at a time. */
    static Map<UUID, RunRow> lockRuns(Connection connection, Collection<UUID> ids)
            throws SQLException
    {
        Map<UUID, RunRow> runs = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + RUN_WITH_TEXT + " FROM lineage_runs r WHERE r.run_id = ANY(?) FOR UPDATE")) {
            select.setArray(1, Sql.uuids(connection, ids));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    RunRow run = run(rows);
                    runs.put(run.runId(), run);
                }
            }
        }
        return runs;
    }

    static void updateRuns(Connection connection, Collection<RunRow> runs)
            throws SQLException
    {
        if (runs.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE lineage_runs SET run_id = ?, event_keys = ?, job_namespace = ?, job_name = ?, producer = ?, query_id = ?, user_name = ?,
                    groups_json = ?, source = ?, client_info = ?, query_type = ?, update_type = ?, state = ?, error_code = ?, error_message = ?,
                    query_hash = ?, reads_json = ?, started_at = ?, ended_at = ?, event_type = ?, event_time = ?, impersonator = ?, door = ?
                WHERE run_id = ?""")) {
            for (RunRow run : runs) {
                bindRun(update, run, LineageJson.reads(run.reads(), MAX_JSON_LENGTH));
                update.setObject(24, run.runId());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static void bindRun(PreparedStatement statement, RunRow run, String readsJson)
            throws SQLException
    {
        statement.setObject(1, run.runId());
        statement.setString(2, String.join(" ", run.eventKeys()));
        statement.setString(3, run.jobNamespace());
        statement.setString(4, run.jobName());
        statement.setString(5, bounded(run.producer(), 1024));
        statement.setString(6, run.queryId());
        statement.setString(7, run.user());
        statement.setString(8, LineageJson.groups(run.groups()));
        statement.setString(9, bounded(run.source(), 1024));
        statement.setString(10, bounded(run.clientInfo(), 4096));
        statement.setString(11, bounded(run.queryType(), 64));
        statement.setString(12, bounded(run.updateType(), 256));
        statement.setString(13, bounded(run.state(), 64));
        statement.setString(14, bounded(run.errorCode(), 256));
        statement.setString(15, bounded(run.errorMessage(), 65_536));
        statement.setString(16, run.queryHash());
        statement.setString(17, readsJson);
        setTime(statement, 18, run.startedAt());
        setTime(statement, 19, run.endedAt());
        statement.setString(20, run.eventType());
        setTime(statement, 21, run.eventTime());
        statement.setString(22, bounded(run.impersonator(), 256));
        statement.setString(23, bounded(run.door(), 16));
    }

    static RunRow run(ResultSet row)
            throws SQLException
    {
        return new RunRow(
                row.getObject("run_id", UUID.class),
                List.of(row.getString("event_keys").split(" ")),
                row.getString("job_namespace"),
                row.getString("job_name"),
                row.getString("producer"),
                row.getString("query_id"),
                row.getString("user_name"),
                LineageJson.groups(row.getString("groups_json")),
                row.getString("source"),
                row.getString("impersonator"),
                row.getString("door"),
                row.getString("client_info"),
                row.getString("query_type"),
                row.getString("update_type"),
                row.getString("state"),
                row.getString("error_code"),
                row.getString("error_message"),
                row.getString("query_text"),
                row.getString("query_hash"),
                LineageJson.reads(row.getString("reads_json")),
                Sql.time(row, "started_at"),
                Sql.time(row, "ended_at"),
                row.getString("event_type"),
                Sql.time(row, "event_time"));
    }

    /** Stores query texts by their hash; a text stored before is left as it is. */
    static void insertQueries(Connection connection, Map<String, String> textsByHash)
            throws SQLException
    {
        if (textsByHash.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lineage_queries (hash, query_text) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (Map.Entry<String, String> text : textsByHash.entrySet()) {
                insert.setString(1, text.getKey());
                insert.setString(2, text.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** What the batch leaves for the roll-up: its usage deltas and postings, in rows of at most {@value #ENTRIES_PER_ROW} entries each. */
    static void insertPending(Connection connection, List<UsageDelta> usage, List<Posting> postings)
            throws SQLException
    {
        if (usage.isEmpty() && postings.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lineage_pending (usage_json, reads_json) VALUES (?, ?)")) {
            for (int start = 0; start < Math.max(usage.size(), postings.size()); start += ENTRIES_PER_ROW) {
                List<UsageDelta> usageSlice = usage.subList(Math.min(start, usage.size()), Math.min(start + ENTRIES_PER_ROW, usage.size()));
                List<Posting> postingSlice = postings.subList(Math.min(start, postings.size()), Math.min(start + ENTRIES_PER_ROW, postings.size()));
                insert.setString(1, usageSlice.isEmpty() ? null : LineageJson.deltas(usageSlice));
                insert.setString(2, postingSlice.isEmpty() ? null : LineageJson.postings(postingSlice));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static boolean[] inserted(int[] counts)
    {
        boolean[] inserted = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            inserted[i] = counts[i] > 0;
        }
        return inserted;
    }

    /** An edge's row as one batch writes it: its key, the datasets of its ends, and when the batch saw it. */
    record EdgeWrite(EdgeKey key, long targetDatasetId, long sourceDatasetId, Instant firstSeen, Instant lastSeen, String lastQueryId) {}
}
