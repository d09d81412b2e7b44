package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityRun;
import dev.trinomesh.api.quality.QualityStatus;
import dev.trinomesh.catalog.core.database.OptionalConditions;
import dev.trinomesh.catalog.registry.api.ServedHealth;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Runs, results (the history) and each dataset's current health, in the service's database. */
public class QualityStore
        implements ServedHealth
{
    static final String FINISHED = "finished";
    static final String FAILED = "failed";
    private static final int TEXT_LIMIT = 4000;

    private final Jdbi jdbi;

    @Inject
    public QualityStore(Jdbi jdbi)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * A new queued run that starts no earlier than {@code notBefore}, or the one of the same scope still waiting in the
     * queue, which then starts no later than {@code notBefore} (a run asked for now does not wait for a delayed one).
     */
    Queued queue(String product, Optional<String> dataset, String trigger, String user, Instant now, Instant notBefore)
    {
        return jdbi.inTransaction(handle -> {
            Optional<Long> waiting = handle.createQuery("""
                            SELECT id FROM quality_runs
                            WHERE product = :product AND state = 'queued' AND %s
                            ORDER BY id LIMIT 1""".formatted(dataset.isPresent() ? "dataset = :dataset" : "dataset IS NULL"))
                    .bind("product", product)
                    .bind("dataset", dataset.orElse(null))
                    .mapTo(Long.class)
                    .findOne();
            if (waiting.isPresent()) {
                handle.createUpdate("UPDATE quality_runs SET not_before = :notBefore WHERE id = :id AND not_before > :notBefore")
                        .bind("id", waiting.orElseThrow())
                        .bind("notBefore", Timestamp.from(notBefore))
                        .execute();
                return new Queued(waiting.orElseThrow(), false);
            }
            long id = handle.createUpdate("""
                            INSERT INTO quality_runs (product, dataset, run_trigger, state, requested_by, requested_at, not_before)
                            VALUES (:product, :dataset, :trigger, 'queued', :user, :now, :notBefore)""")
                    .bind("product", product)
                    .bind("dataset", dataset.orElse(null))
                    .bind("trigger", trigger)
                    .bind("user", user)
                    .bind("now", Timestamp.from(now))
                    .bind("notBefore", Timestamp.from(notBefore))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            return new Queued(id, true);
        });
    }

    record Queued(long id, boolean created) {}

    /**
     * Marks a queued run due by now as running on {@code replica}; false when it is not: another replica took it, it
     * waits for its time, or another run of its product is running (one at a time per product, as their results and
     * health are the product's; it is taken once that one ends).
     */
    boolean start(long id, Instant now, String replica)
    {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE quality_runs SET state = 'running', started_at = :now, replica = :replica
                        WHERE id = :id AND state = 'queued' AND (not_before IS NULL OR not_before <= :now)
                        AND NOT EXISTS (SELECT 1 FROM quality_runs other WHERE other.product = quality_runs.product AND other.state = 'running')""")
                .bind("id", id)
                .bind("now", Timestamp.from(now))
                .bind("replica", replica)
                .execute() == 1);
    }

    /** Queued runs due by {@code now}, oldest first: any replica with a free runner may take them. */
    List<Long> due(Instant now, int limit)
    {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id FROM quality_runs WHERE state = 'queued' AND (not_before IS NULL OR not_before <= :now)
                        ORDER BY id LIMIT :limit""")
                .bind("now", Timestamp.from(now))
                .bind("limit", limit)
                .mapTo(Long.class)
                .list());
    }

    /** Running runs, with the replica running each (null for runs started before replicas were recorded). */
    List<Running> running()
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id, product, dataset, replica FROM quality_runs WHERE state = 'running' ORDER BY id")
                .map((rs, _) -> new Running(rs.getLong("id"), rs.getString("product"), Optional.ofNullable(rs.getString("dataset")), rs.getString("replica")))
                .list());
    }

    record Running(long id, String product, Optional<String> dataset, String replica) {}

    /** Fails a run that is still running on {@code replica}; false when it is not (it ended, or another replica failed it). */
    boolean abandon(long id, String replica, Instant now, String error)
    {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE quality_runs SET state = 'failed', finished_at = :now, error = :error
                        WHERE id = :id AND state = 'running' AND coalesce(replica, '') = :replica""")
                .bind("id", id)
                .bind("replica", replica == null ? "" : replica)
                .bind("now", Timestamp.from(now))
                .bind("error", clip(error))
                .execute() == 1);
    }

    /** The results of one dataset and its new health, together. Returns the health it had before. */
    Optional<DatasetQuality> record(List<CheckResult> results, DatasetQuality quality)
    {
        return jdbi.inTransaction(handle -> {
            for (CheckResult result : results) {
                handle.createUpdate("""
                                INSERT INTO quality_results (run_id, product, dataset, check_name, kind, blocking, outcome, measured, expected, message, checked_at, duration_ms)
                                VALUES (:runId, :product, :dataset, :check, :kind, :blocking, :outcome, :measured, :expected, :message, :checkedAt, :duration)""")
                        .bind("runId", result.runId())
                        .bind("product", result.product())
                        .bind("dataset", result.dataset())
                        .bind("check", result.check())
                        .bind("kind", result.kind())
                        .bind("blocking", result.blocking())
                        .bind("outcome", result.outcome().wireName())
                        .bind("measured", result.measured())
                        .bind("expected", clip(result.expected()))
                        .bind("message", clip(result.message()))
                        .bind("checkedAt", Timestamp.from(result.checkedAt()))
                        .bind("duration", result.durationMillis())
                        .execute();
            }
            Optional<DatasetQuality> before = status(handle, Optional.of(quality.product()), Optional.of(quality.dataset())).stream().findFirst();
            handle.createUpdate("DELETE FROM quality_status WHERE product = :product AND dataset = :dataset")
                    .bind("product", quality.product())
                    .bind("dataset", quality.dataset())
                    .execute();
            handle.createUpdate("""
                            INSERT INTO quality_status (product, dataset, status, checked_at, failed_checks, blocked_by, blocked_message)
                            VALUES (:product, :dataset, :status, :checkedAt, :failed, :blockedBy, :blockedMessage)""")
                    .bind("product", quality.product())
                    .bind("dataset", quality.dataset())
                    .bind("status", quality.status().wireName())
                    .bind("checkedAt", Timestamp.from(quality.checkedAt()))
                    .bind("failed", clip(String.join(",", quality.failedChecks())))
                    .bind("blockedBy", quality.blockedBy())
                    .bind("blockedMessage", clip(quality.blockedMessage()))
                    .execute();
            return before;
        });
    }

    /** Forgets the health of datasets of {@code product} that are no longer declared with checks; returns how many. */
    int forgetOthers(String product, List<String> checkedDatasets)
    {
        return jdbi.withHandle(handle -> status(handle, Optional.of(product), Optional.empty()).stream()
                .filter(quality -> !checkedDatasets.contains(quality.dataset()))
                .mapToInt(quality -> handle.createUpdate("DELETE FROM quality_status WHERE product = :product AND dataset = :dataset")
                        .bind("product", product)
                        .bind("dataset", quality.dataset())
                        .execute())
                .sum());
    }

    void finish(long id, Instant now, Optional<String> error)
    {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE quality_runs SET state = :state, finished_at = :now, error = :error WHERE id = :id")
                .bind("id", id)
                .bind("state", error.isPresent() ? FAILED : FINISHED)
                .bind("now", Timestamp.from(now))
                .bind("error", clip(error.orElse(null)))
                .execute());
    }

    /** A run with its results so far and the current health of the datasets it checked. */
    Optional<QualityRun> run(long id)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM quality_runs WHERE id = :id")
                .bind("id", id)
                .map((rs, _) -> new QualityRun(
                        rs.getLong("id"),
                        rs.getString("product"),
                        rs.getString("dataset"),
                        rs.getString("run_trigger"),
                        rs.getString("state"),
                        instant(rs, "requested_at"),
                        instant(rs, "started_at"),
                        instant(rs, "finished_at"),
                        rs.getString("error"),
                        List.of(),
                        List.of()))
                .findOne()
                .map(run -> {
                    List<CheckResult> results = results(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(id), 100_000);
                    List<String> datasets = results.stream().map(CheckResult::dataset).distinct().toList();
                    List<DatasetQuality> health = status(handle, Optional.of(run.product()), Optional.empty()).stream()
                            .filter(quality -> datasets.contains(quality.dataset()))
                            .toList();
                    return new QualityRun(run.id(), run.product(), run.dataset(), run.trigger(), run.state(), run.requestedAt(), run.startedAt(), run.finishedAt(), run.error(), results, health);
                }));
    }

    private static Instant instant(ResultSet rs, String column)
            throws SQLException
    {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** When a run of all of a product's checks was last asked for (any trigger) and did not fail, if ever. */
    Optional<Instant> lastRequested(String product)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT max(requested_at) FROM quality_runs WHERE product = :product AND dataset IS NULL AND state <> 'failed'")
                .bind("product", product)
                .mapTo(Timestamp.class)
                .findOne()
                .map(Timestamp::toInstant));
    }

    public List<DatasetQuality> status(Optional<String> product)
    {
        return jdbi.withHandle(handle -> status(handle, product, Optional.empty()));
    }

    @Override
    public List<DatasetQuality> all()
    {
        return status(Optional.empty());
    }

    private static List<DatasetQuality> status(Handle handle, Optional<String> product, Optional<String> dataset)
    {
        OptionalConditions where = new OptionalConditions()
                .and("product = :product", "product", product)
                .and("dataset = :dataset", "dataset", dataset);
        return where.bind(handle.createQuery("SELECT * FROM quality_status WHERE 1 = 1" + where.sql() + " ORDER BY product, dataset")).map((rs, _) -> new DatasetQuality(
                        rs.getString("product"),
                        rs.getString("dataset"),
                        QualityStatus.fromWireName(rs.getString("status")),
                        rs.getTimestamp("checked_at").toInstant(),
                        rs.getString("failed_checks").isEmpty() ? List.of() : Arrays.asList(rs.getString("failed_checks").split(",")),
                        rs.getString("blocked_by"),
                        rs.getString("blocked_message")))
                .list();
    }

    public List<CheckResult> results(Optional<String> product, Optional<String> dataset, Optional<String> check, Optional<Long> runId, int limit)
    {
        return jdbi.withHandle(handle -> {
            OptionalConditions where = new OptionalConditions()
                    .and("product = :product", "product", product)
                    .and("dataset = :dataset", "dataset", dataset)
                    .and("check_name = :check", "check", check)
                    .and("run_id = :runId", "runId", runId);
            String order = runId.isPresent() ? " ORDER BY id" : " ORDER BY id DESC";
            return where.bind(handle.createQuery("SELECT * FROM quality_results WHERE 1 = 1" + where.sql() + order + " LIMIT :limit"))
                    .bind("limit", limit)
                    .map((rs, _) -> result(rs))
                    .list();
        });
    }

    private static CheckResult result(ResultSet rs)
            throws SQLException
    {
        return new CheckResult(
                rs.getLong("run_id"),
                rs.getString("product"),
                rs.getString("dataset"),
                rs.getString("check_name"),
                rs.getString("kind"),
                rs.getBoolean("blocking"),
                CheckOutcome.fromWireName(rs.getString("outcome")),
                rs.getObject("measured") == null ? null : rs.getDouble("measured"),
                rs.getString("expected"),
                rs.getString("message"),
                rs.getTimestamp("checked_at").toInstant(),
                rs.getLong("duration_ms"));
    }

    private static String clip(String text)
    {
        return text == null || text.length() <= TEXT_LIMIT ? text : text.substring(0, TEXT_LIMIT - 1) + "…";
    }
}
