package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.lineage.IngestResult;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import dev.trinomesh.catalog.lineage.IngestStatements.EdgeWrite;
import io.airlift.log.Logger;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Stores batches of run events: one transaction per batch, idempotent per event (a replayed event is counted
 * as a duplicate and changes nothing). Rows are derived before the transaction. Inside it, inserting the runs
 * decides which events are new: a run not stored yet is new with its event; a stored run is locked and takes
 * the events it does not have. Only new events reach the graph; what they add to usage and to the index of runs
 * by dataset is left in one pending row for {@link LineageRollup}, which sums many batches at once.
 * <p>
 * A run counts in usage once, with the datasets of the event that first names its user (the mesh listener
 * sends one event per query).
 */
public class LineageIngestion
{
    private static final Logger log = Logger.get(LineageIngestion.class);
    private static final int MAX_ATTEMPTS = 4;

    private final Jdbi jdbi;
    private final WriterLock writerLock;
    private final WriteCache cache = new WriteCache();
    private final NodeNames names;
    private final LineageStats stats;

    @Inject
    public LineageIngestion(Jdbi jdbi, WriterLock writerLock, LineageConfig config, LineageStats stats)
    {
        this.stats = requireNonNull(stats, "stats is null");
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.writerLock = requireNonNull(writerLock, "writerLock is null");
        this.names = new NodeNames(config.getTrinoNamespace(), config.getMeshCatalog());
    }

    public IngestResult ingest(List<RunEvent> events)
    {
        // The same event twice in one batch is a duplicate as well.
        Map<EventId, EventRows> unique = new LinkedHashMap<>();
        for (RunEvent event : events) {
            EventRows rows = EventRows.of(event, names);
            unique.putIfAbsent(new EventId(rows.runId(), rows.eventKey()), rows);
        }
        if (unique.isEmpty()) {
            stats.ingested(0, 0, null);
            return new IngestResult(0, 0, 0);
        }
        // Run order is the order rows are written (and locked) in; a run's events in time order.
        List<EventRows> ordered = unique.values().stream()
                .sorted(Comparator.comparing(EventRows::runId).thenComparing(EventRows::eventTime).thenComparing(EventRows::eventKey))
                .toList();
        Written written = writerLock.call(() -> writeWithRetries(ordered));
        written.commitToCache(cache);
        stats.ingested(events.size(), written.accepted(), ordered.stream().map(EventRows::eventTime).max(Comparator.naturalOrder()).orElseThrow());
        return new IngestResult(events.size(), written.accepted(), events.size() - written.accepted());
    }

    /** The batch's transaction; a deadlock between concurrent batches (rare: rows go in key order) is retried. */
    private Written writeWithRetries(List<EventRows> events)
    {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(handle -> write(handle.getConnection(), events));
            }
            catch (RuntimeException | SQLException e) {
                if (attempt == MAX_ATTEMPTS || !isTransient(e)) {
                    throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                }
                log.debug("lineage batch met a deadlock or serialization failure (attempt %s of %s); retrying", attempt, MAX_ATTEMPTS);
            }
        }
    }

    private Written write(Connection connection, List<EventRows> events)
            throws SQLException
    {
        Written written = new Written();
        boolean[] inserted = IngestStatements.insertRuns(connection, events);
        List<EventRows> conflicted = new ArrayList<>();
        for (int i = 0; i < inserted.length; i++) {
            EventRows event = events.get(i);
            if (inserted[i]) {
                written.accept(event, event.run(), event.run().user() != null);
            }
            else {
                conflicted.add(event);
            }
        }
        if (!conflicted.isEmpty()) {
            mergeIntoStoredRuns(connection, conflicted, written);
        }
        if (written.accepted() == 0) {
            return written;
        }
        writeNodes(connection, written.events, written);
        writeEdges(connection, written.events, written);
        writeQueries(connection, written);
        IngestStatements.insertPending(connection, UsageDelta.sum(written.usage), written.postings);
        return written;
    }

    /** Events of runs already stored (a replay, or a run's later event): the new ones are merged in. */
    private static void mergeIntoStoredRuns(Connection connection, List<EventRows> events, Written written)
            throws SQLException
    {
        Map<UUID, RunRow> runs = IngestStatements.lockRuns(connection, events.stream().map(EventRows::runId).distinct().toList());
        Map<UUID, RunRow> changed = new LinkedHashMap<>();
        for (EventRows event : events) {
            RunRow run = requireNonNull(runs.get(event.runId()), "conflicting run is not stored");
            if (run.hasEvent(event.eventKey())) {
                continue;
            }
            RunRow merged = run.merge(event.run());
            runs.put(run.runId(), merged);
            changed.put(run.runId(), merged);
            written.accept(event, merged, run.user() == null && event.run().user() != null);
        }
        IngestStatements.updateRuns(connection, changed.values());
    }

    private void writeNodes(Connection connection, List<EventRows> events, Written written)
            throws SQLException
    {
        Map<Long, Node> unknown = new HashMap<>();
        for (EventRows event : events) {
            for (Node node : event.nodes()) {
                if (!cache.hasNode(node.id())) {
                    unknown.put(node.id(), node);
                }
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        List<Long> ids = unknown.keySet().stream().sorted().toList();
        Map<Long, Node> stored = IngestStatements.storedNodes(connection, ids);
        List<Node> missing = new ArrayList<>();
        for (long id : ids) {
            Node node = unknown.get(id);
            Node existing = stored.get(id);
            if (existing == null) {
                missing.add(node);
            }
            else if (!existing.equals(node)) {
                throw new IllegalStateException("lineage node id collision: %s and %s both hash to %s".formatted(existing, node, id));
            }
        }
        IngestStatements.insertNodes(connection, missing);
        written.nodes.addAll(ids);
    }

    /** Writes the edges not known to be stored, and touches those whose last_seen moved by {@link WriteCache#EDGE_REFRESH}. */
    private void writeEdges(Connection connection, List<EventRows> events, Written written)
            throws SQLException
    {
        long refresh = WriteCache.EDGE_REFRESH.toMillis();
        Map<EdgeKey, EdgeWrite> edges = new HashMap<>();
        for (EventRows event : events) {
            for (Edge edge : event.edges()) {
                EdgeKey key = edge.key();
                Long cached = cache.edgeLastSeen(key);
                if (cached == null || edge.seen().toEpochMilli() - cached >= refresh) {
                    edges.merge(key, new EdgeWrite(key, edge.target().datasetId(), edge.source().datasetId(), edge.seen(), edge.seen(), edge.queryId()), LineageIngestion::widen);
                }
            }
        }
        if (edges.isEmpty()) {
            return;
        }
        List<EdgeWrite> unknown = new ArrayList<>();
        List<EdgeWrite> stale = new ArrayList<>();
        for (EdgeWrite edge : edges.values()) {
            (cache.edgeLastSeen(edge.key()) == null ? unknown : stale).add(edge);
        }
        unknown.sort(Comparator.comparing(EdgeWrite::key));
        boolean[] inserted = IngestStatements.insertEdges(connection, unknown);
        for (int i = 0; i < inserted.length; i++) {
            if (!inserted[i]) {
                stale.add(unknown.get(i));
            }
        }
        stale.sort(Comparator.comparing(EdgeWrite::key));
        IngestStatements.touchEdges(connection, stale);
        written.edges.addAll(edges.values());
    }

    private void writeQueries(Connection connection, Written written)
            throws SQLException
    {
        Map<String, String> texts = new TreeMap<>();
        for (EventRows event : written.events) {
            RunRow run = event.run();
            if (run.queryHash() != null && !cache.hasQuery(run.queryHash())) {
                texts.put(run.queryHash(), run.queryText());
            }
        }
        IngestStatements.insertQueries(connection, texts);
        written.queries.addAll(texts.keySet());
    }

    private static EdgeWrite widen(EdgeWrite first, EdgeWrite second)
    {
        EdgeWrite later = second.lastSeen().isAfter(first.lastSeen()) ? second : first;
        Instant firstSeen = second.firstSeen().isBefore(first.firstSeen()) ? second.firstSeen() : first.firstSeen();
        return new EdgeWrite(first.key(), first.targetDatasetId(), first.sourceDatasetId(), firstSeen, later.lastSeen(), later.lastQueryId());
    }

    private static boolean isTransient(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // 40001: serialization failure (H2: deadlock); 40P01: PostgreSQL deadlock.
            if (cause instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private record EventId(UUID runId, String eventKey) {}

    /** What a batch's transaction stores, beyond the runs; and, once committed, what the cache may take as stored. */
    private static final class Written
    {
        private final List<EventRows> events = new ArrayList<>();
        private final List<Posting> postings = new ArrayList<>();
        private final List<UsageDelta> usage = new ArrayList<>();
        private final List<Long> nodes = new ArrayList<>();
        private final List<EdgeWrite> edges = new ArrayList<>();
        private final List<String> queries = new ArrayList<>();

        /** A new event of {@code run}; with {@code counted}, its datasets count one read each by the run's user. */
        void accept(EventRows event, RunRow run, boolean counted)
        {
            events.add(event);
            for (ReadRow read : event.run().reads()) {
                postings.add(new Posting(read.dataset().id(), run.runId(), run.startedAt()));
                if (counted) {
                    usage.add(new UsageDelta(read.dataset().id(), run.user(), 1, run.startedAt(), run.startedAt()));
                }
            }
        }

        int accepted()
        {
            return events.size();
        }

        void commitToCache(WriteCache cache)
        {
            cache.addNodes(nodes);
            cache.addQueries(queries);
            cache.trimEdges();
            edges.forEach(edge -> cache.addEdge(edge.key(), edge.lastSeen().toEpochMilli()));
        }
    }
}
