package dev.trinomesh.catalog.lineage;

import io.airlift.log.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static dev.trinomesh.catalog.lineage.Sql.setTime;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Adds what batches leave in lineage_pending to lineage_usage and lineage_dataset_runs. Summed over many batches,
 * a popular dataset's usage row is updated, and its list of runs appended, once per roll-up instead of once per
 * batch or per run. Runs every {@code lineage.rollup-interval} (30 s), and before usage or the audit is read, so that reads see every batch
 * committed before them. Each pending row is taken by one roll-up (locked, SKIP LOCKED) and deleted in the
 * transaction that adds it: added once, even with replicas.
 */
public class LineageRollup
{
    private static final Logger log = Logger.get(LineageRollup.class);
    private static final int PENDING_ROWS_PER_TRANSACTION = 100;
    private static final int RUNS_PER_LIST = 10_000;
    private static final int MAX_KNOWN_USAGE_ROWS = 200_000;

    private final Jdbi jdbi;
    private final LineageStats stats;
    private final long intervalMillis;
    // Usage rows known to exist: a roll-up only updates them.
    private final Set<UsageDelta.Key> storedUsage = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> Thread.ofPlatform().daemon().name("lineage-rollup").unstarted(runnable));

    @Inject
    public LineageRollup(Jdbi jdbi, LineageStats stats, LineageConfig config)
    {
        this.intervalMillis = config.getRollupInterval().toMillis();
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.stats = requireNonNull(stats, "stats is null");
    }

    @PostConstruct
    @SuppressWarnings("FutureReturnValueIgnored") // the task logs its own failures; nobody waits for it
    public void start()
    {
        executor.scheduleWithFixedDelay(() -> {
            try {
                rollUp();
            }
            catch (RuntimeException e) {
                log.error(e, "rolling up lineage usage and reads failed; trying again in %s s", intervalMillis / 1000);
            }
        }, intervalMillis, intervalMillis, MILLISECONDS);
    }

    @PreDestroy
    public void stop()
    {
        executor.shutdownNow();
    }

    /** Adds every pending row committed so far (and not being added by another roll-up). */
    public synchronized void rollUp()
    {
        while (true) {
            Slice slice;
            try {
                slice = jdbi.inTransaction(handle -> rollUpSlice(handle.getConnection()));
            }
            catch (SQLException e) {
                throw new IllegalStateException("rolling up lineage usage and reads failed: " + e.getMessage(), e);
            }
            if (storedUsage.size() > MAX_KNOWN_USAGE_ROWS) {
                storedUsage.clear();
            }
            slice.usage().forEach(delta -> storedUsage.add(delta.key()));
            stats.rolledUp(slice.rows());
            if (!slice.full()) {
                return;
            }
        }
    }

    /** Adds one slice of pending rows, in one transaction. */
    private Slice rollUpSlice(Connection connection)
            throws SQLException
    {
        List<Long> ids = new ArrayList<>();
        List<UsageDelta> deltas = new ArrayList<>();
        List<Posting> postings = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, usage_json, reads_json FROM lineage_pending ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED".formatted(PENDING_ROWS_PER_TRANSACTION));
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getLong("id"));
                String usage = rows.getString("usage_json");
                if (usage != null) {
                    deltas.addAll(LineageJson.deltas(usage));
                }
                String reads = rows.getString("reads_json");
                if (reads != null) {
                    postings.addAll(LineageJson.postings(reads));
                }
            }
        }
        if (ids.isEmpty()) {
            return new Slice(List.of(), 0, false);
        }
        List<UsageDelta> usage = UsageDelta.sum(deltas);
        insertMissingUsage(connection, usage.stream().filter(delta -> !storedUsage.contains(delta.key())).toList());
        addUsage(connection, usage);
        appendRunLists(connection, postings);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM lineage_pending WHERE id = ANY(?)")) {
            delete.setArray(1, Sql.ids(connection, ids));
            delete.executeUpdate();
        }
        return new Slice(usage, ids.size(), ids.size() == PENDING_ROWS_PER_TRANSACTION);
    }

    private static void insertMissingUsage(Connection connection, List<UsageDelta> deltas)
            throws SQLException
    {
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO lineage_usage (dataset_id, user_name, queries, first_seen, last_seen) VALUES (?, ?, 0, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            for (UsageDelta delta : deltas) {
                insert.setLong(1, delta.datasetId());
                insert.setString(2, delta.user());
                setTime(insert, 3, delta.firstSeen());
                setTime(insert, 4, delta.lastSeen());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void addUsage(Connection connection, List<UsageDelta> deltas)
            throws SQLException
    {
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE lineage_usage SET queries = queries + ?, first_seen = LEAST(first_seen, ?), last_seen = GREATEST(last_seen, ?)
                WHERE dataset_id = ? AND user_name = ?""")) {
            for (UsageDelta delta : deltas) {
                update.setLong(1, delta.queries());
                setTime(update, 2, delta.firstSeen());
                setTime(update, 3, delta.lastSeen());
                update.setLong(4, delta.datasetId());
                update.setString(5, delta.user());
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    // A row known to exist is gone (deleted by hand): forget what is known, and fail this roll-up.
                    storedUsage.clear();
                    throw new IllegalStateException("usage row of dataset %s and user %s is missing".formatted(deltas.get(i).datasetId(), deltas.get(i).user()));
                }
            }
        }
    }

    /** One new list per dataset (more when it is long) of the runs that read it. */
    private static void appendRunLists(Connection connection, List<Posting> postings)
            throws SQLException
    {
        if (postings.isEmpty()) {
            return;
        }
        Map<Long, List<Posting>> byDataset = new TreeMap<>();
        for (Posting posting : postings) {
            byDataset.computeIfAbsent(posting.datasetId(), _ -> new ArrayList<>()).add(posting);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO lineage_dataset_runs (dataset_id, last_started_at, first_started_at, runs_json) VALUES (?, ?, ?, ?)")) {
            for (List<Posting> runs : byDataset.values()) {
                runs.sort(Comparator.comparing(Posting::startedAt));
                for (int start = 0; start < runs.size(); start += RUNS_PER_LIST) {
                    List<Posting> list = runs.subList(start, Math.min(runs.size(), start + RUNS_PER_LIST));
                    insert.setLong(1, list.getFirst().datasetId());
                    setTime(insert, 2, list.getLast().startedAt());
                    setTime(insert, 3, list.getFirst().startedAt());
                    insert.setString(4, LineageJson.runs(list));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private record Slice(List<UsageDelta> usage, int rows, boolean full) {}
}
