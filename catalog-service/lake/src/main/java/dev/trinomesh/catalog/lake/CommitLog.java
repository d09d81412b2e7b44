package dev.trinomesh.catalog.lake;

import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.catalog.core.database.OptionalConditions;
import dev.trinomesh.catalog.lake.api.LakeCommits;
import io.airlift.log.Logger;
import jakarta.inject.Inject;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Every commit to a lake table, accepted or refused, with what it did (snapshot, operation, records,
 * files and bytes from Iceberg's snapshot summary). The commit itself is Iceberg's; recording it is a
 * separate insert, so a failure to record is logged and never undoes an accepted commit. Subscribers
 * hear of each commit that added data once it is recorded.
 */
public class CommitLog
        implements LakeCommits
{
    private static final Logger log = Logger.get(CommitLog.class);
    private static final String TOTAL_RECORDS = "total-records";

    private final Jdbi jdbi;
    private final LakeStats stats;
    private final List<Consumer<TableIdentifier>> subscribers = new CopyOnWriteArrayList<>();

    @Inject
    public CommitLog(Jdbi jdbi, LakeStats stats)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.stats = requireNonNull(stats, "stats is null");
    }

    @Override
    public void subscribe(Consumer<TableIdentifier> subscriber)
    {
        subscribers.add(requireNonNull(subscriber, "subscriber is null"));
    }

    /**
     * Records an accepted commit: one row per snapshot it added, or one row naming what it changed when
     * it added none. A table registered or created with a history is one "register" row for its current
     * snapshot. Times are this service's clock: snapshot timestamps are the writer's.
     */
    void accepted(TableIdentifier table, TableMetadata base, TableMetadata updated)
    {
        stats.accepted();
        Instant now = Instant.now();
        List<Snapshot> added = NewSnapshots.of(base, updated);
        if (added.isEmpty()) {
            insert(table, now, "accepted", base == null ? "create" : describe(updated.changes()), null, Map.of(), null);
        }
        else if (base == null && added.size() > 1) {
            Snapshot current = updated.currentSnapshot();
            Map<String, String> totals = current == null || current.summary().get(TOTAL_RECORDS) == null ? Map.of() : Map.of(TOTAL_RECORDS, current.summary().get(TOTAL_RECORDS));
            insert(table, now, "accepted", "register", current == null ? null : current.snapshotId(), totals, null);
        }
        else {
            added.forEach(snapshot -> insert(table, now, "accepted", snapshot.operation(), snapshot.snapshotId(), snapshot.summary(), null));
        }
        if (!added.isEmpty()) {
            dataCommitted(table);
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
                    case MetadataUpdate.RemoveSnapshots _, MetadataUpdate.RemoveSnapshot _ -> "expire snapshots";
                    case MetadataUpdate.SetLocation _ -> "location";
                    default -> change.getClass().getSimpleName();
                })
                .distinct()
                .collect(Collectors.joining("+"));
        return kinds.isEmpty() ? "metadata" : kinds;
    }

    void refused(TableIdentifier table, String message)
    {
        stats.refused();
        insert(table, Instant.now(), "refused", "commit", null, Map.of(), message);
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

    private void dataCommitted(TableIdentifier table)
    {
        for (Consumer<TableIdentifier> subscriber : subscribers) {
            try {
                subscriber.accept(table);
            }
            catch (RuntimeException e) {
                log.error(e, "a subscriber to commits of %s failed", table);
            }
        }
    }

    private void insert(TableIdentifier table, Instant committedAt, String outcome, String operation, Long snapshotId, Map<String, String> summary, String message)
    {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                            INSERT INTO lake_commits (table_namespace, table_name, committed_at, outcome, operation, snapshot_id,
                                added_records, deleted_records, added_files, deleted_files, added_bytes, removed_bytes, total_records, message)
                            VALUES (:namespace, :table, :committedAt, :outcome, :operation, :snapshotId,
                                :addedRecords, :deletedRecords, :addedFiles, :deletedFiles, :addedBytes, :removedBytes, :totalRecords, :message)""")
                    .bind("namespace", table.namespace().toString())
                    .bind("table", table.name())
                    .bind("committedAt", Timestamp.from(committedAt))
                    .bind("outcome", outcome)
                    .bind("operation", operation == null ? "unknown" : truncate(operation, 128))
                    .bind("snapshotId", snapshotId)
                    .bind("addedRecords", number(summary, "added-records"))
                    .bind("deletedRecords", number(summary, "deleted-records"))
                    .bind("addedFiles", number(summary, "added-data-files"))
                    .bind("deletedFiles", number(summary, "deleted-data-files"))
                    .bind("addedBytes", number(summary, "added-files-size"))
                    .bind("removedBytes", number(summary, "removed-files-size"))
                    .bind("totalRecords", number(summary, TOTAL_RECORDS))
                    .bind("message", message == null ? null : truncate(message, 4000))
                    .execute());
        }
        catch (RuntimeException e) {
            log.error(e, "could not record a commit to %s (%s)", table, outcome);
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
