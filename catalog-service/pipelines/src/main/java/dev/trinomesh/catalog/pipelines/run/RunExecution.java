package dev.trinomesh.catalog.pipelines.run;

import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.api.model.ChangedRows;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.PinnedSnapshot;
import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.api.model.PipelineParameters;
import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.api.model.PipelineRun.Status;
import dev.trinomesh.api.model.QualifiedTableName;
import dev.trinomesh.api.policy.SqlLiterals;
import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.catalog.core.ServiceConfig;
import dev.trinomesh.catalog.core.trino.TrinoConnections;
import dev.trinomesh.catalog.lake.api.Binding;
import dev.trinomesh.catalog.lake.api.LakeBindings;
import dev.trinomesh.catalog.lake.api.LakeStaging;
import dev.trinomesh.catalog.lake.api.LakeStaging.PublishRefusedException;
import dev.trinomesh.catalog.lake.api.LakeTables;
import dev.trinomesh.catalog.lake.api.StagedTable;
import dev.trinomesh.catalog.pipelines.PipelinesConfig;
import dev.trinomesh.catalog.pipelines.sql.Redirection;
import dev.trinomesh.catalog.quality.api.StagedChecks;
import dev.trinomesh.catalog.registry.api.PipelineDefinition;
import dev.trinomesh.catalog.registry.api.PipelineDefinitions;
import dev.trinomesh.catalog.registry.api.PlannedStep;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import io.trino.jdbc.TrinoStatement;
import jakarta.inject.Inject;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Executes one run: stages every table the steps write, runs the steps in order through Trino as the pipeline's
 * principal with their writes redirected to the staged tables, audits what they staged with the product's checks, and
 * publishes all of it at once. Nothing reaches the product's tables unless every step succeeded and no blocking check
 * failed; a failed audit keeps the staged tables for a while to be looked at.
 */
public class RunExecution
{
    private static final Logger log = Logger.get(RunExecution.class);
    // Trino's access control polls the service for changes: a snapshot with a new pipeline reaches it within about a second.
    private static final java.time.Duration ACTIVATION_WAIT = java.time.Duration.ofSeconds(10);
    private static final long ACTIVATION_PAUSE_MILLIS = 250;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final PipelineDefinitions definitions;
    private final RunStore store;
    private final LakeStaging staging;
    private final LakeBindings bindings;
    private final Optional<StagedChecks> checks;
    private final TrinoConnections trino;
    private final ProductCatalog products;
    private final LakeTables tables;
    private final Duration stagedRetention;
    private final String lakeCatalog;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public RunExecution(PipelineDefinitions definitions, RunStore store, LakeStaging staging, LakeBindings bindings, Optional<StagedChecks> checks, TrinoConnections trino,
            ProductCatalog products, LakeTables tables, ServiceConfig service, PipelinesConfig config)
    {
        this.lakeCatalog = service.getLakeCatalog();
        this.products = requireNonNull(products, "products is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.store = requireNonNull(store, "store is null");
        this.staging = requireNonNull(staging, "staging is null");
        this.bindings = requireNonNull(bindings, "bindings is null");
        this.checks = requireNonNull(checks, "checks is null");
        this.trino = requireNonNull(trino, "trino is null");
        this.stagedRetention = config.getStagedRetention();
    }

    /** Runs a run the queue has moved to running, to its end; it never throws. */
    public void execute(PipelineRun run)
    {
        List<StagedTable> staged = new ArrayList<>();
        try {
            PipelineDefinition definition = definitions.active(run.pipeline())
                    .orElseThrow(() -> new RunFailure("pipeline '%s' was removed before the run started".formatted(run.pipeline())));
            Pipeline pipeline = definition.record().descriptor();
            Duration timeout = pipeline.spec().timeoutOrDefault();
            Instant deadline = clock.instant().plusMillis(timeout.toMillis());

            Map<QualifiedTableName, String> redirected = new LinkedHashMap<>();
            for (PlannedStep step : definition.steps()) {
                if (!redirected.containsKey(step.target())) {
                    StagedTable table = staging.stage(identifier(step.target()), run.id());
                    store.staged(run.id(), table);
                    staged.add(table);
                    redirected.put(step.target(), table.shadow().name());
                }
            }
            BiFunction<String, String, String> changes = changes(run, definition);
            runSteps(run, pipeline, definition.steps(), redirected, changes, deadline, timeout);

            store.move(run.id(), Status.RUNNING, Status.AUDITING, clock.instant());
            List<CheckResult> audit = audit(run, staged);
            store.audit(run.id(), audit);
            List<CheckResult> blocking = audit.stream().filter(result -> result.blocking() && result.outcome() != CheckOutcome.PASSED).toList();
            if (!blocking.isEmpty()) {
                Instant keptUntil = clock.instant().plusMillis(stagedRetention.toMillis());
                store.keep(run.id(), keptUntil);
                store.finish(run.id(), Status.AUDIT_FAILED, Optional.of("nothing was published: %s blocking check%s failed on the staged data: %s (the staged tables are kept until %s)".formatted(
                        blocking.size(), blocking.size() == 1 ? "" : "s", blocking.stream().map(RunExecution::describe).collect(Collectors.joining("; ")), keptUntil)), clock.instant());
                return;
            }

            store.move(run.id(), Status.AUDITING, Status.PUBLISHING, clock.instant());
            List<TableIdentifier> published = staging.publish(staged);
            store.published(run.id(), published);
            store.finish(run.id(), Status.PUBLISHED, Optional.empty(), clock.instant());
        }
        catch (RunFailure | PublishRefusedException e) {
            fail(run, staged, e.getMessage());
        }
        catch (RuntimeException e) {
            log.error(e, "run %s of pipeline %s failed", run.id(), run.pipeline());
            fail(run, staged, "the run failed in the catalog service: " + e);
        }
    }

    private void runSteps(PipelineRun run, Pipeline pipeline, List<PlannedStep> steps, Map<QualifiedTableName, String> redirected, BiFunction<String, String, String> changes,
            Instant deadline, Duration timeout)
    {
        Map<String, String> parameters = Map.of(
                PipelineParameters.WINDOW_START, timestamp(run.windowStart()),
                PipelineParameters.WINDOW_END, timestamp(run.windowEnd()),
                PipelineParameters.RUN_ID, String.valueOf(run.id()));
        try (Connection connection = trino.open(pipeline.principal(), Door.PIPELINE)) {
            for (int index = 0; index < steps.size(); index++) {
                PlannedStep step = steps.get(index);
                long secondsLeft = java.time.Duration.between(clock.instant(), deadline).toSeconds();
                if (secondsLeft < 1) {
                    throw new RunFailure("the run took longer than its timeout of %s before step %s ('%s')".formatted(timeout, index + 1, step.name()));
                }
                String sql = Redirection.apply(PipelineParameters.substitute(step.sql(), parameters, changes), redirected);
                runStep(run, index, step, sql, connection, (int) Math.min(Integer.MAX_VALUE, secondsLeft));
            }
        }
        catch (SQLException e) {
            throw new RunFailure("cannot reach Trino as %s: %s".formatted(pipeline.principal(), e.getMessage()));
        }
    }

    /**
     * How the steps' {@code ${changes(p.d)}} read each upstream dataset: the rows its lake table gained since the snapshot
     * the last published run read, up to its current snapshot, recorded for the next run; the whole dataset at its
     * current snapshot on a first run or a backfill.
     */
    private BiFunction<String, String, String> changes(PipelineRun run, PipelineDefinition definition)
    {
        Map<String, Long> current = new LinkedHashMap<>();
        for (PlannedStep step : definition.steps()) {
            for (String dataset : PipelineParameters.changedDatasets(step.sql())) {
                if (!current.containsKey(dataset)) {
                    currentSnapshot(dataset).ifPresent(snapshot -> current.put(dataset, snapshot));
                }
            }
        }
        if (current.isEmpty()) {
            return (product, dataset) -> table(product, dataset);
        }
        store.inputs(run.id(), current);
        Map<String, Long> previous = run.trigger().equals(RunQueue.BACKFILL) ? Map.of() : store.lastInputs(run.pipeline());
        return (product, dataset) -> {
            Long to = current.get(product + "." + dataset);
            if (to == null) {
                // Its table has no snapshot yet: there is nothing to read, and the dataset says so.
                return table(product, dataset);
            }
            Long from = previous.get(product + "." + dataset);
            return table(product, from == null ? PinnedSnapshot.tableName(dataset, to) : ChangedRows.tableName(dataset, from, to));
        };
    }

    private Optional<Long> currentSnapshot(String productDataset)
    {
        String[] parts = productDataset.split("\\.", 2);
        Dataset dataset = products.product(parts[0])
                .flatMap(product -> product.descriptor().spec().datasets().stream().filter(candidate -> candidate.name().equals(parts[1])).findFirst())
                .orElseThrow(() -> new RunFailure("${changes(%s)}: product '%s' has no dataset '%s' any more".formatted(productDataset, parts[0], parts[1])));
        TableIdentifier table = bindings.boundTable(dataset)
                .orElseThrow(() -> new RunFailure("${changes(%s)}: the dataset's source is not a lake table, so it has no changes between snapshots; read %s whole".formatted(productDataset, productDataset)));
        return Optional.ofNullable(tables.loadTable(table).currentSnapshot()).map(snapshot -> snapshot.snapshotId());
    }

    private static String table(String product, String table)
    {
        return "mesh.%s.%s".formatted(SqlLiterals.identifier(product), SqlLiterals.identifier(table));
    }

    private void runStep(PipelineRun run, int index, PlannedStep step, String sql, Connection connection, int timeoutSeconds)
            throws SQLException
    {
        store.stepStarted(run.id(), index, step.name(), clock.instant());
        long start = System.nanoTime();
        AtomicLong rowsRead = new AtomicLong();
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            AtomicBoolean told = new AtomicBoolean();
            // Known as soon as Trino accepts the query, so that a run stopped half-way still names its query.
            statement.unwrap(TrinoStatement.class).setProgressMonitor(stats -> {
                if (told.compareAndSet(false, true)) {
                    store.stepQuery(run.id(), index, stats.getQueryId());
                }
                rowsRead.accumulateAndGet(stats.getProcessedRows(), Math::max);
            });
            executeOnceActive(statement, sql);
            long rows = statement.getLargeUpdateCount();
            store.stepFinished(run.id(), index, rows < 0 ? Optional.empty() : Optional.of(rows), rowsRead.get(), elapsedMillis(start), Optional.empty());
        }
        catch (SQLException e) {
            String message = e.getMessage();
            store.stepFinished(run.id(), index, Optional.empty(), rowsRead.get(), elapsedMillis(start), Optional.of(message));
            throw new RunFailure("step %s ('%s') failed: %s".formatted(index + 1, step.name(), message));
        }
    }

    /**
     * Runs a step. A pipeline applied a moment ago may not be in the governance snapshot Trino holds yet (it polls for
     * changes): Trino then refuses the pipeline's identity before the query reads or writes anything, and the step is
     * tried again for up to {@link #ACTIVATION_WAIT}.
     */
    private void executeOnceActive(Statement statement, String sql)
            throws SQLException
    {
        long deadline = System.nanoTime() + ACTIVATION_WAIT.toNanos();
        while (true) {
            try {
                statement.execute(sql);
                return;
            }
            catch (SQLException e) {
                if (e.getMessage() == null || !e.getMessage().contains(Pipeline.NOT_ACTIVE) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(ACTIVATION_PAUSE_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunFailure("the run was stopped while its pipeline was becoming active at Trino");
            }
        }
    }

    /** The checks of the product's datasets that read each staged table which changed. */
    private List<CheckResult> audit(PipelineRun run, List<StagedTable> staged)
    {
        List<CheckResult> results = new ArrayList<>();
        for (StagedTable table : staged) {
            if (!staging.hasChanges(table)) {
                continue;
            }
            for (Binding binding : bindings.of(table.target())) {
                if (!binding.product().name().equals(run.product()) || binding.dataset().quality().isEmpty()) {
                    continue;
                }
                if (checks.isEmpty()) {
                    throw new RunFailure("dataset %s has checks, and quality checks are not deployed on this catalog service to audit the run".formatted(binding.dataset().name()));
                }
                QualifiedTableName shadow = new QualifiedTableName(lakeCatalog, table.shadow().namespace().toString(), table.shadow().name());
                results.addAll(checks.orElseThrow().check(run.id(), run.product(), binding.dataset(), shadow, staging.appendedFiles(table)));
            }
        }
        return results;
    }

    private void fail(PipelineRun run, List<StagedTable> staged, String message)
    {
        for (StagedTable table : staged) {
            try {
                staging.discard(table);
            }
            catch (RuntimeException e) {
                log.warn(e, "could not discard staged table %s of run %s", table.shadow(), run.id());
            }
        }
        store.discarded(run.id());
        store.finish(run.id(), Status.FAILED, Optional.of("nothing was published: " + message), clock.instant());
    }

    private static String describe(CheckResult result)
    {
        return "%s.%s %s (%s)".formatted(result.dataset(), result.check(), result.outcome().wireName(), Optional.ofNullable(result.message()).orElse("no message"));
    }

    private static TableIdentifier identifier(QualifiedTableName table)
    {
        return TableIdentifier.of(Namespace.of(table.schema()), table.table());
    }

    static String timestamp(Instant instant)
    {
        return "TIMESTAMP '%s UTC'".formatted(TIMESTAMP.format(instant));
    }

    private static long elapsedMillis(long start)
    {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Why a run failed, in words for its history. */
    static final class RunFailure
            extends RuntimeException
    {
        RunFailure(String message)
        {
            super(message);
        }
    }
}
