package dev.trinomesh.catalog.pipelines.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.api.model.PipelineRun.Status;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.catalog.core.database.OptionalConditions;
import dev.trinomesh.catalog.lake.api.StagedTable;
import io.airlift.json.ObjectMapperProvider;
import jakarta.inject.Inject;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Pipeline runs, their steps, staged tables and audits, and the schedules' last fires, in the service's database. */
public class RunStore
{
    private static final int TEXT_LIMIT = 8000;
    private static final ObjectMapper JSON = new ObjectMapperProvider().get();

    private final Jdbi jdbi;

    @Inject
    public RunStore(Jdbi jdbi)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** A request for a run, as the queue takes it. */
    public record NewRun(String pipeline, String product, int revision, String trigger, Instant windowStart, Instant windowEnd, int attempt, String requestedBy) {}

    /**
     * Queues a run; when {@code coalesce} and the pipeline already has a queued run, that run is the answer instead, so
     * a burst of triggers makes one run.
     */
    public PipelineRun queue(NewRun run, boolean coalesce, Instant now)
    {
        return jdbi.inTransaction(handle -> {
            if (coalesce) {
                Optional<PipelineRun> waiting = handle.createQuery("SELECT * FROM pipeline_runs WHERE pipeline = :pipeline AND status = 'queued' ORDER BY id LIMIT 1")
                        .bind("pipeline", run.pipeline())
                        .map((rs, _) -> run(rs))
                        .findOne();
                if (waiting.isPresent()) {
                    return waiting.orElseThrow();
                }
            }
            long id = handle.createUpdate("""
                            INSERT INTO pipeline_runs (pipeline, product, revision, run_trigger, status, window_start, window_end, attempt, requested_by, created_at)
                            VALUES (:pipeline, :product, :revision, :trigger, 'queued', :windowStart, :windowEnd, :attempt, :requestedBy, :now)""")
                    .bind("pipeline", run.pipeline())
                    .bind("product", run.product())
                    .bind("revision", run.revision())
                    .bind("trigger", clip(run.trigger(), 256))
                    .bind("windowStart", Timestamp.from(run.windowStart()))
                    .bind("windowEnd", Timestamp.from(run.windowEnd()))
                    .bind("attempt", run.attempt())
                    .bind("requestedBy", run.requestedBy())
                    .bind("now", Timestamp.from(now))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            return find(handle, id).orElseThrow();
        });
    }

    /** Queued runs, oldest first, of pipelines that have no unfinished run besides. */
    public List<PipelineRun> startable()
    {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM pipeline_runs r
                        WHERE r.status = 'queued' AND NOT EXISTS (
                            SELECT 1 FROM pipeline_runs o WHERE o.pipeline = r.pipeline AND o.status IN ('running', 'auditing', 'publishing'))
                        ORDER BY r.id""")
                .map((rs, _) -> run(rs))
                .list());
    }

    /** Runs not finished and not queued, each with the replica executing it (null for runs from before replicas were recorded). */
    public List<Unfinished> executing()
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM pipeline_runs WHERE status IN ('running', 'auditing', 'publishing') ORDER BY id")
                .map((rs, _) -> new Unfinished(run(rs), rs.getString("replica")))
                .list());
    }

    public record Unfinished(PipelineRun run, String replica) {}

    /** Starts a queued run on {@code replica}; false when it was no longer queued. */
    public boolean start(long id, String replica, Instant now)
    {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE pipeline_runs SET status = 'running', started_at = :now, replica = :replica WHERE id = :id AND status = 'queued'")
                .bind("id", id)
                .bind("replica", replica)
                .bind("now", Timestamp.from(now))
                .execute() == 1);
    }

    /** Moves a run from {@code from} to {@code to}; false when it was not in {@code from} (someone else moved it). */
    public boolean move(long id, Status from, Status to, Instant now)
    {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE pipeline_runs SET status = :to, started_at = CASE WHEN :starting THEN :now ELSE started_at END
                        WHERE id = :id AND status = :from""")
                .bind("id", id)
                .bind("from", from.wireName())
                .bind("to", to.wireName())
                .bind("starting", to == Status.RUNNING)
                .bind("now", Timestamp.from(now))
                .execute() == 1);
    }

    public void finish(long id, Status status, Optional<String> error, Instant now)
    {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE pipeline_runs SET status = :status, finished_at = :now, error = :error WHERE id = :id")
                .bind("id", id)
                .bind("status", status.wireName())
                .bind("now", Timestamp.from(now))
                .bind("error", error.map(message -> clip(message, TEXT_LIMIT)).orElse(null))
                .execute());
    }

    public void stepStarted(long runId, int index, String name, Instant now)
    {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO pipeline_run_steps (run_id, step_index, name, started_at) VALUES (:run, :index, :name, :now)")
                .bind("run", runId)
                .bind("index", index)
                .bind("name", name)
                .bind("now", Timestamp.from(now))
                .execute());
    }

    public void stepQuery(long runId, int index, String queryId)
    {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE pipeline_run_steps SET query_id = :query WHERE run_id = :run AND step_index = :index")
                .bind("run", runId)
                .bind("index", index)
                .bind("query", queryId)
                .execute());
    }

    public void stepFinished(long runId, int index, Optional<Long> rows, long rowsRead, long durationMillis, Optional<String> error)
    {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE pipeline_run_steps SET row_count = :rows, rows_read = :rowsRead, duration_millis = :duration, error = :error
                        WHERE run_id = :run AND step_index = :index""")
                .bind("run", runId)
                .bind("index", index)
                .bind("rows", rows.orElse(null))
                .bind("rowsRead", rowsRead)
                .bind("duration", durationMillis)
                .bind("error", error.map(message -> clip(message, TEXT_LIMIT)).orElse(null))
                .execute());
    }

    public void staged(long runId, StagedTable table)
    {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO pipeline_run_tables (run_id, target_namespace, target_table, shadow_table, base_metadata, published, discarded)
                        VALUES (:run, :namespace, :table, :shadow, :base, false, false)""")
                .bind("run", runId)
                .bind("namespace", table.target().namespace().toString())
                .bind("table", table.target().name())
                .bind("shadow", table.shadow().name())
                .bind("base", table.baseMetadata().orElse(null))
                .execute());
    }

    public List<StagedTable> stagedTables(long runId)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM pipeline_run_tables WHERE run_id = :run AND NOT discarded AND NOT published ORDER BY target_namespace, target_table")
                .bind("run", runId)
                .map((rs, _) -> stagedTable(rs))
                .list());
    }

    public void published(long runId, Collection<TableIdentifier> tables)
    {
        jdbi.useTransaction(handle -> tables.forEach(table -> handle.createUpdate("""
                        UPDATE pipeline_run_tables SET published = true WHERE run_id = :run AND target_namespace = :namespace AND target_table = :table""")
                .bind("run", runId)
                .bind("namespace", table.namespace().toString())
                .bind("table", table.name())
                .execute()));
        // What was staged and not published had nothing to publish: it is gone with the shadows.
        discarded(runId);
    }

    public void keep(long runId, Instant until)
    {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE pipeline_run_tables SET kept_until = :until WHERE run_id = :run AND NOT published AND NOT discarded")
                .bind("run", runId)
                .bind("until", Timestamp.from(until))
                .execute());
    }

    public void discarded(long runId)
    {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE pipeline_run_tables SET discarded = true, kept_until = NULL WHERE run_id = :run AND NOT published")
                .bind("run", runId)
                .execute());
    }

    /** Runs whose kept staged tables are due to go. */
    public List<Long> keptUntilBefore(Instant now)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT DISTINCT run_id FROM pipeline_run_tables WHERE kept_until IS NOT NULL AND kept_until < :now AND NOT discarded")
                .bind("now", Timestamp.from(now))
                .mapTo(Long.class)
                .list());
    }

    /** The snapshots of the upstream datasets the run reads by their changes, by {@code <product>.<dataset>}. */
    public void inputs(long runId, Map<String, Long> snapshots)
    {
        jdbi.useTransaction(handle -> snapshots.forEach((dataset, snapshot) -> handle.createUpdate("INSERT INTO pipeline_run_inputs (run_id, dataset, snapshot_id) VALUES (:run, :dataset, :snapshot)")
                .bind("run", runId)
                .bind("dataset", dataset)
                .bind("snapshot", snapshot)
                .execute()));
    }

    /** The upstream snapshots the pipeline's newest published run read, by {@code <product>.<dataset>}. */
    public Map<String, Long> lastInputs(String pipeline)
    {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT i.dataset, i.snapshot_id FROM pipeline_run_inputs i
                        WHERE i.run_id = (SELECT max(id) FROM pipeline_runs WHERE pipeline = :pipeline AND status = 'published')""")
                .bind("pipeline", pipeline)
                .map((rs, _) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    public void audit(long runId, List<CheckResult> results)
    {
        jdbi.useTransaction(handle -> {
            int position = handle.createQuery("SELECT count(*) FROM pipeline_run_checks WHERE run_id = :run").bind("run", runId).mapTo(Integer.class).one();
            for (CheckResult result : results) {
                handle.createUpdate("INSERT INTO pipeline_run_checks (run_id, position, result) VALUES (:run, :position, :result)")
                        .bind("run", runId)
                        .bind("position", position++)
                        .bind("result", json(result))
                        .execute();
            }
        });
    }

    public Optional<PipelineRun> find(long id)
    {
        return jdbi.withHandle(handle -> find(handle, id));
    }

    /** A run with its steps, tables and audit. */
    public Optional<PipelineRun> details(long id)
    {
        return jdbi.withHandle(handle -> find(handle, id).map(run -> run.withDetails(
                handle.createQuery("SELECT * FROM pipeline_run_steps WHERE run_id = :run ORDER BY step_index").bind("run", id).map((rs, _) -> step(rs)).list(),
                handle.createQuery("SELECT * FROM pipeline_run_tables WHERE run_id = :run ORDER BY target_namespace, target_table").bind("run", id).map((rs, _) -> table(rs)).list(),
                handle.createQuery("SELECT result FROM pipeline_run_checks WHERE run_id = :run ORDER BY position").bind("run", id).mapTo(String.class).list().stream()
                        .map(RunStore::checkResult)
                        .toList())));
    }

    /** Runs, newest first, narrowed by pipeline, products and status. */
    public List<PipelineRun> list(Optional<String> pipeline, Optional<Collection<String>> products, Optional<Status> status, int limit)
    {
        if (products.filter(Collection::isEmpty).isPresent()) {
            return List.of();
        }
        OptionalConditions where = new OptionalConditions()
                .and("pipeline = :pipeline", "pipeline", pipeline)
                .and("status = :status", "status", status.map(Status::wireName));
        String inProducts = products.map(_ -> " AND product IN (<products>)").orElse("");
        return jdbi.withHandle(handle -> {
            var query = where.bind(handle.createQuery("SELECT * FROM pipeline_runs WHERE 1 = 1" + where.sql() + inProducts + " ORDER BY id DESC LIMIT :limit"))
                    .bind("limit", limit);
            products.ifPresent(names -> query.bindList("products", List.copyOf(names)));
            return query.map((rs, _) -> run(rs)).list();
        });
    }

    /** The newest run of the pipeline that published, if any. */
    public Optional<PipelineRun> lastPublished(String pipeline)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM pipeline_runs WHERE pipeline = :pipeline AND status = 'published' ORDER BY id DESC LIMIT 1")
                .bind("pipeline", pipeline)
                .map((rs, _) -> run(rs))
                .findOne());
    }

    public Optional<Instant> lastFire(String pipeline)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT last_fire FROM pipeline_schedules WHERE pipeline = :pipeline")
                .bind("pipeline", pipeline)
                .mapTo(Timestamp.class)
                .findOne()
                .map(Timestamp::toInstant));
    }

    public void fired(String pipeline, Instant fire)
    {
        jdbi.useTransaction(handle -> {
            int updated = handle.createUpdate("UPDATE pipeline_schedules SET last_fire = :fire WHERE pipeline = :pipeline")
                    .bind("pipeline", pipeline)
                    .bind("fire", Timestamp.from(fire))
                    .execute();
            if (updated == 0) {
                handle.createUpdate("INSERT INTO pipeline_schedules (pipeline, last_fire) VALUES (:pipeline, :fire)")
                        .bind("pipeline", pipeline)
                        .bind("fire", Timestamp.from(fire))
                        .execute();
            }
        });
    }

    private static Optional<PipelineRun> find(Handle handle, long id)
    {
        return handle.createQuery("SELECT * FROM pipeline_runs WHERE id = :id")
                .bind("id", id)
                .map((rs, _) -> run(rs))
                .findOne();
    }

    private static PipelineRun run(ResultSet rs)
            throws SQLException
    {
        return new PipelineRun(
                rs.getLong("id"),
                rs.getString("pipeline"),
                rs.getString("product"),
                rs.getInt("revision"),
                rs.getString("run_trigger"),
                Status.of(rs.getString("status")),
                instant(rs, "window_start"),
                instant(rs, "window_end"),
                rs.getInt("attempt"),
                rs.getString("requested_by"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("error"),
                List.of(),
                List.of(),
                List.of());
    }

    private static PipelineRun.Step step(ResultSet rs)
            throws SQLException
    {
        long rows = rs.getLong("row_count");
        Long rowCount = rs.wasNull() ? null : rows;
        long read = rs.getLong("rows_read");
        Long rowsRead = rs.wasNull() ? null : read;
        long duration = rs.getLong("duration_millis");
        Long durationMillis = rs.wasNull() ? null : duration;
        return new PipelineRun.Step(rs.getInt("step_index"), rs.getString("name"), rs.getString("query_id"), rowCount, rowsRead, instant(rs, "started_at"), durationMillis, rs.getString("error"));
    }

    private static PipelineRun.Table table(ResultSet rs)
            throws SQLException
    {
        String namespace = rs.getString("target_namespace");
        return new PipelineRun.Table(namespace + "." + rs.getString("target_table"), namespace + "." + rs.getString("shadow_table"), rs.getBoolean("published"), instant(rs, "kept_until"));
    }

    private static StagedTable stagedTable(ResultSet rs)
            throws SQLException
    {
        Namespace namespace = Namespace.of(rs.getString("target_namespace").split("\\."));
        return new StagedTable(TableIdentifier.of(namespace, rs.getString("target_table")), TableIdentifier.of(namespace, rs.getString("shadow_table")),
                Optional.ofNullable(rs.getString("base_metadata")));
    }

    private static Instant instant(ResultSet rs, String column)
            throws SQLException
    {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String json(CheckResult result)
    {
        try {
            return JSON.writeValueAsString(result);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CheckResult checkResult(String json)
    {
        try {
            return JSON.readValue(json, CheckResult.class);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String clip(String text, int limit)
    {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
