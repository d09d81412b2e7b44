package dev.trinomesh.connector.discovery;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.model.DatasetFreshness;
import dev.trinomesh.api.model.LakeCommit;

import java.util.List;
import java.util.Optional;

import static dev.trinomesh.connector.discovery.DiscoveryTables.timestamp;
import static dev.trinomesh.connector.discovery.ServiceTables.equalTo;
import static dev.trinomesh.connector.discovery.ServiceTables.fromService;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * What happened in the lake, as SQL: {@code metadata.lake_commits} (every commit the REST catalog
 * accepted or refused, newest first) and {@code metadata.freshness} (each lake-backed dataset against
 * its SLA). Fetched from the catalog service when scanned.
 */
final class LakeTables
{
    // A scan returns at most this many of the newest commits matching its table_namespace/table_name filter.
    static final int MAX_COMMITS = 10_000;
    private static final int NAMESPACE = 0;
    private static final int TABLE = 1;

    private LakeTables() {}

    static DiscoveryTable<LakeCommit> commits(CatalogServiceClient client)
    {
        return new DiscoveryTable<>("lake_commits", "Commits to lake tables, accepted or refused by the contract gate: the newest %s matching the filter on table_namespace and table_name".formatted(MAX_COMMITS), List.of(
                new Field<>("table_namespace", VARCHAR, "Iceberg namespace of the table", LakeCommit::namespace),
                new Field<>("table_name", VARCHAR, "Table name", LakeCommit::table),
                new Field<>("committed_at", TIMESTAMP_TZ_MILLIS, "When the commit happened", commit -> timestamp(commit.committedAt())),
                new Field<>("outcome", VARCHAR, "accepted or refused", LakeCommit::outcome),
                new Field<>("operation", VARCHAR, "Iceberg snapshot operation (append, overwrite, delete...) or what a commit without snapshot changed", LakeCommit::operation),
                new Field<>("snapshot_id", BIGINT, "Snapshot the commit added", LakeCommit::snapshotId),
                new Field<>("added_records", BIGINT, "Rows added", LakeCommit::addedRecords),
                new Field<>("deleted_records", BIGINT, "Rows deleted", LakeCommit::deletedRecords),
                new Field<>("added_files", BIGINT, "Data files added", LakeCommit::addedFiles),
                new Field<>("deleted_files", BIGINT, "Data files removed", LakeCommit::deletedFiles),
                new Field<>("added_bytes", BIGINT, "Bytes of files added", LakeCommit::addedBytes),
                new Field<>("removed_bytes", BIGINT, "Bytes of files removed", LakeCommit::removedBytes),
                new Field<>("total_records", BIGINT, "Rows in the table after the commit", LakeCommit::totalRecords),
                new Field<>("message", VARCHAR, "Why a commit was refused", LakeCommit::message)),
                constraint -> fromService("lake commits", () -> client.lakeCommits(equalTo(constraint, NAMESPACE), equalTo(constraint, TABLE), Optional.empty(), MAX_COMMITS)).stream());
    }

    static DiscoveryTable<DatasetFreshness> freshness(CatalogServiceClient client)
    {
        return new DiscoveryTable<>("freshness", "Freshness and volume of every lake-backed dataset, against its freshness SLA", List.of(
                new Field<>("product", VARCHAR, "Product", DatasetFreshness::product),
                new Field<>("dataset", VARCHAR, "Dataset", DatasetFreshness::dataset),
                new Field<>("lake_table", VARCHAR, "The lake table the dataset reads", DatasetFreshness::lakeTable),
                new Field<>("last_commit_at", TIMESTAMP_TZ_MILLIS, "Newest accepted commit to that table", freshness -> freshness.lastCommitAt() == null ? null : timestamp(freshness.lastCommitAt())),
                new Field<>("age_seconds", BIGINT, "Seconds since then", DatasetFreshness::ageSeconds),
                new Field<>("max_age", VARCHAR, "The dataset's freshness SLA (freshness.maxAge)", DatasetFreshness::maxAge),
                new Field<>("status", VARCHAR, "fresh, stale, no_commits or no_sla", DatasetFreshness::status),
                new Field<>("total_records", BIGINT, "Rows after the newest commit", DatasetFreshness::totalRecords),
                new Field<>("last_added_records", BIGINT, "Rows the newest commit added", DatasetFreshness::lastAddedRecords)),
                _ -> fromService("freshness", () -> client.freshness(Optional.empty())).stream());
    }
}
