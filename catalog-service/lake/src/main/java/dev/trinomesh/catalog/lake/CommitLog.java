package dev.trinomesh.catalog.lake;

import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.catalog.core.database.OptionalConditions;
import dev.trinomesh.catalog.lake.api.DataCommit;
import dev.trinomesh.catalog.lake.api.LakeCommits;
import io.airlift.log.Logger;
import jakarta.inject.Inject;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jdbi.v3.core.Jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Every commit to a lake table, accepted or refused, with what it did (snapshot, operation, records,
 * files and bytes from Iceberg's snapshot summary). An accepted commit is recorded in the database transaction
 * that moves the table's pointer, so the log has every commit exactly once, whichever replica took it and
 * whenever it died. The log is also what the replicas follow to learn of new data ({@link #dataCommitsAfter}).
 */
public class CommitLog
        implements LakeCommits
{
    private static final Logger log = Logger.get(CommitLog.class);
    private static final String TOTAL_RECORDS = "total-records";

    private final Jdbi jdbi;
    private final LakeStats stats;

    @Inject
    public CommitLog(Jdbi jdbi, LakeStats stats)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.stats = requireNonNull(stats, "stats is null");
    }

    /**
     * Records an accepted commit: one row per snapshot it added, or one row naming what it changed when
     * it added none. A table registered or created with a history is one "register" row for its current
     * snapshot. Times are this service's clock: snapshot timestamps are the writer's. On the committing transaction's
     * connection: a commit is recorded if and only if it is made.
     */
    void accepted(Connection connection, TableIdentifier table, TableMetadata base, TableMetadata updated)
            throws SQLException
    {
        Instant now = Instant.now();
        List<Snapshot> added = NewSnapshots.of(base, updated);
        if (added.isEmpty()) {
            insert(connection, table, now, "accepted", base == null ? "create" : describe(updated.changes()), null, Map.of(), null);
        }
        else if (base == null && added.size() > 1) {
            Snapshot current = updated.currentSnapshot();
            Map<String, String> totals = current == null || current.summary().get(TOTAL_RECORDS) == null ? Map.of() : Map.of(TOTAL_RECORDS, current.summary().get(TOTAL_RECORDS));
            insert(connection, table, now, "accepted", "register", current == null ? null : current.snapshotId(), totals, null);
        }
        else {
            for (Snapshot snapshot : added) {
                insert(connection, table, now, "accepted", snapshot.operation(), snapshot.snapshotId(), snapshot.summary(), null);
            }
        }
    }

    /** What a commit without a new snapshot changed, e.g. {@code statistics} or {@code schema+properties}. */
    private static String describe(List<MetadataUpdate> changes)
    {
        String kinds = changes.stream()
                .map(change -> switch (change) {
                    case MetadataUpdate.AddSchema _, MetadataUpdate.SetCurrentSchema _ -> "schema";
                    case MetadataUpdate.SetStatistics _, MetadataUpdate.RemoveStatistics _, MetadataUpdate.SetPartitionStatistics _, MetadataUpdate.RemovePartitionStatistics _ -> "statistics";
                    case MetadataUpdate.SetProperties _, MetadataUpdate.RemoveProperties _ -> "properties";
                    case MetadataUpdate.AddPartitionSpec _, MetadataUpdate.SetDefaultPartitionSpec _, MetadataUpdate.RemovePartitionSpecs _ -> "partitioning";
                    case MetadataUpdate.AddSortOrder _, MetadataUpdate.SetDefaultSortOrder _ -> "sort order";
                    case MetadataUpdate.SetSnapshotRef _, MetadataUpdate.RemoveSnapshotRef _ -> "refs";
                    case MetadataUpdate.RemoveSnapshots _ -> "expire snapshots";
                    case MetadataUpdate.SetLocation _ -> "location";
                    // RemoveSnapshot, which older clients send, is gone from Iceberg 1.11 (Trino 483's): told by name
                    default -> change.getClass().getSimpleName().equals("RemoveSnapshot") ? "expire snapshots" : change.getClass().getSimpleName();
                })
                .distinct()
                .collect(Collectors.joining("+"));
        return kinds.isEmpty() ? "metadata" : kinds;
    }

    /** Counts a commit whose transaction committed. */
    void made()
    {
        stats.accepted();
    }

    /** Records a refused commit; a failure to record it is logged, and the refusal stands. */
    void refused(TableIdentifier table, String message)
    {
        stats.refused();
        try {
            jdbi.useHandle(handle -> insert(handle.getConnection(), table, Instant.now(), "refused", "commit", null, Map.of(), message));
        }
        catch (SQLException | RuntimeException e) {
            log.error(e, "could not record a refused commit to %s", table);
        }
    }

    /** Accepted commits that added a snapshot (data, or its removal), after {@code position}, oldest first. */
    @Override
    public List<DataCommit> dataCommitsAfter(long position, int limit)
    {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, table_namespace, table_name, committed_at FROM lake_commits
                        WHERE id > :position AND outcome = 'accepted' AND snapshot_id IS NOT NULL
                        ORDER BY id LIMIT :limit""")
                .bind("position", position)
                .bind("limit", limit)
                .map((rs, _) -> new DataCommit(rs.getLong("id"), TableIdentifier.of(rs.getString("table_namespace"), rs.getString("table_name")),
                        rs.getTimestamp("committed_at").toInstant()))
                .list());
    }

    @Override
    public long newestPosition()
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT coalesce(max(id), 0) FROM lake_commits").mapTo(Long.class).one());
    }

    public List<LakeCommit> commits(Optional<String> namespace, Optional<String> tableName, Optional<String> outcome, int limit)
    {
        OptionalConditions where = new OptionalConditions()
                .and("table_namespace = :namespace", "namespace", namespace)
                .and("table_name = :table", "table", tableName)
                .and("outcome = :outcome", "outcome", outcome);
        return jdbi.withHandle(handle -> where.bind(handle.createQuery("SELECT * FROM lake_commits WHERE 1 = 1" + where.sql() + " ORDER BY id DESC LIMIT :limit"))
                .bind("limit", limit)
                .map((rs, _) -> commit(rs))
                .list());
    }

    /**
     * The newest accepted commit of each table that brought data (an append, an overwrite or a
     * registration), for freshness and volume; compactions, deletes and metadata changes bring none.
     */
    @Override
    public Map<TableIdentifier, LakeCommit> latestSnapshots()
    {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT c.* FROM lake_commits c
                        JOIN (SELECT max(id) AS id FROM lake_commits
                              WHERE outcome = 'accepted' AND operation IN ('append', 'overwrite', 'register')
                              GROUP BY table_namespace, table_name) latest ON c.id = latest.id""")
                .map((rs, _) -> commit(rs))
                .list()
                .stream()
                .collect(Collectors.toMap(commit -> TableIdentifier.of(commit.namespace(), commit.table()), commit -> commit)));
    }

    private static void insert(Connection connection, TableIdentifier table, Instant committedAt, String outcome, String operation, Long snapshotId, Map<String, String> summary, String message)
            throws SQLException
    {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO lake_commits (table_namespace, table_name, committed_at, outcome, operation, snapshot_id,
                    added_records, deleted_records, added_files, deleted_files, added_bytes, removed_bytes, total_records, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, table.namespace().toString());
            insert.setString(2, table.name());
            insert.setTimestamp(3, Timestamp.from(committedAt));
            insert.setString(4, outcome);
            insert.setString(5, operation == null ? "unknown" : truncate(operation, 128));
            insert.setObject(6, snapshotId, Types.BIGINT);
            insert.setObject(7, number(summary, "added-records"), Types.BIGINT);
            insert.setObject(8, number(summary, "deleted-records"), Types.BIGINT);
            insert.setObject(9, number(summary, "added-data-files"), Types.BIGINT);
            insert.setObject(10, number(summary, "deleted-data-files"), Types.BIGINT);
            insert.setObject(11, number(summary, "added-files-size"), Types.BIGINT);
            insert.setObject(12, number(summary, "removed-files-size"), Types.BIGINT);
            insert.setObject(13, number(summary, TOTAL_RECORDS), Types.BIGINT);
            insert.setString(14, message == null ? null : truncate(message, 4000));
            insert.executeUpdate();
        }
    }

    private static String truncate(String text, int length)
    {
        return text.length() > length ? text.substring(0, length - 1) + "…" : text;
    }

    private static Long number(Map<String, String> summary, String key)
    {
        String value = summary.get(key);
        return value == null ? null : Long.parseLong(value);
    }

    private static LakeCommit commit(ResultSet rs)
            throws SQLException
    {
        return new LakeCommit(
                rs.getString("table_namespace"),
                rs.getString("table_name"),
                rs.getTimestamp("committed_at").toInstant(),
                rs.getString("outcome"),
                rs.getString("operation"),
                rs.getObject("snapshot_id", Long.class),
                rs.getObject("added_records", Long.class),
                rs.getObject("deleted_records", Long.class),
                rs.getObject("added_files", Long.class),
                rs.getObject("deleted_files", Long.class),
                rs.getObject("added_bytes", Long.class),
                rs.getObject("removed_bytes", Long.class),
                rs.getObject("total_records", Long.class),
                rs.getString("message"));
    }
}
