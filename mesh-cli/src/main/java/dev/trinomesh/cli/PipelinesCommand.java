package dev.trinomesh.cli;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.api.model.PipelineRun.Status;
import dev.trinomesh.api.quality.CheckResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import static dev.trinomesh.cli.QualityCommand.measured;

/**
 * {@code mesh pipelines}: the runs of products' pipelines. {@code run} and {@code backfill} ask for a run and follow it
 * to its end (exit 0 only when it published); {@code status} lists runs; {@code logs} shows one run's steps, staged
 * tables and audit.
 */
@Command(name = "pipelines", description = "Run pipelines and follow their runs: list, run, backfill, status, logs.")
final class PipelinesCommand
{
    private static final long POLL_MILLIS = 300;

    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Pipelines with their product, trigger and last run.")
    int list(@Option(names = "--product", paramLabel = "PRODUCT", description = "Only this product's pipelines.") Optional<String> product)
    {
        TextTable table = new TextTable("PIPELINE", "PRODUCT", "REVISION", "TRIGGER", "STEPS", "LAST RUN", "STATUS", "FINISHED AT");
        try (ServiceOptions.Connection connection = service.connect()) {
            CatalogServiceClient client = connection.client();
            for (var pipeline : client.listPipelines(product, false)) {
                var spec = pipeline.descriptor().spec();
                var trigger = spec.triggerOrNone();
                StringBuilder when = new StringBuilder();
                Optional.ofNullable(trigger.every()).ifPresent(every -> when.append("every ").append(every));
                Optional.ofNullable(trigger.cron()).ifPresent(cron -> when.append(when.isEmpty() ? "" : ", ").append("cron ").append(cron));
                if (!trigger.on().isEmpty()) {
                    when.append(when.isEmpty() ? "" : ", ").append("on ").append(String.join(" ", trigger.on()));
                }
                Optional<PipelineRun> last = client.pipelineRuns(Optional.of(pipeline.name()), Optional.empty(), 1).stream().findFirst();
                table.row(pipeline.name(), pipeline.descriptor().product(), pipeline.revision(), when.isEmpty() ? "when asked" : when, spec.steps().size(),
                        last.map(PipelineRun::id).orElse(null), last.map(run -> run.status().wireName()).orElse(null), last.map(PipelineRun::finishedAt).orElse(null));
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "run", description = "Run a pipeline now and follow the run to its end (exit 0 when it published).")
    int run(
            @Parameters(paramLabel = "PIPELINE") String pipeline,
            @Option(names = "--no-wait", description = "Only queue the run.") boolean noWait,
            @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600", description = "Stop following after this long; the run goes on (default: ${DEFAULT-VALUE}).") long timeoutSeconds)
            throws InterruptedException
    {
        return start(pipeline, Optional.empty(), Optional.empty(), noWait, timeoutSeconds);
    }

    @Command(name = "backfill", description = "Run a pipeline over a past time window (its ${window_start} and ${window_end}) and follow the run.")
    int backfill(
            @Parameters(paramLabel = "PIPELINE") String pipeline,
            @Option(names = "--from", required = true, paramLabel = "TIME", description = "The window's start: an ISO instant (2026-01-01T00:00:00Z) or a date (UTC midnight).") String from,
            @Option(names = "--to", required = true, paramLabel = "TIME", description = "The window's end, excluded: an ISO instant or a date.") String to,
            @Option(names = "--no-wait", description = "Only queue the run.") boolean noWait,
            @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600", description = "Stop following after this long; the run goes on (default: ${DEFAULT-VALUE}).") long timeoutSeconds)
            throws InterruptedException
    {
        return start(pipeline, Optional.of(instant("--from", from)), Optional.of(instant("--to", to)), noWait, timeoutSeconds);
    }

    @Command(name = "status", description = "Runs newest first, of one pipeline or all you may see.")
    int status(
            @Parameters(arity = "0..1", paramLabel = "PIPELINE") Optional<String> pipeline,
            @Option(names = "--product", paramLabel = "PRODUCT") Optional<String> product,
            @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most this many (default: ${DEFAULT-VALUE}).") int limit)
    {
        TextTable table = new TextTable("RUN", "PIPELINE", "STATUS", "TRIGGER", "ATTEMPT", "WINDOW START", "WINDOW END", "STARTED AT", "FINISHED AT", "ERROR");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (PipelineRun run : connection.client().pipelineRuns(pipeline, product, limit)) {
                table.row(run.id(), run.pipeline(), run.status().wireName(), run.trigger(), run.attempt(), run.windowStart(), run.windowEnd(), run.startedAt(), run.finishedAt(), run.error());
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "logs", description = "One run in detail: its steps (query, rows, time, error), staged tables and audit.")
    int logs(@Parameters(paramLabel = "RUN") long id)
    {
        try (ServiceOptions.Connection connection = service.connect()) {
            PipelineRun run = connection.client().pipelineRun(id);
            report(spec.commandLine().getOut(), run);
            return run.status() == Status.PUBLISHED ? 0 : 1;
        }
    }

    private int start(String pipeline, Optional<Instant> from, Optional<Instant> to, boolean noWait, long timeoutSeconds)
            throws InterruptedException
    {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ServiceOptions.Connection connection = service.connect()) {
            CatalogServiceClient client = connection.client();
            PipelineRun run;
            try {
                run = client.requestPipelineRun(pipeline, from, to);
            }
            catch (CatalogServiceException e) {
                if (e.isUnreachable()) {
                    throw e;
                }
                err.printf("pipeline %s: refused (HTTP %s): %s%n", pipeline, e.status(), e.getMessage());
                return 1;
            }
            out.printf("run %s of %s: %s (window %s to %s)%n", run.id(), pipeline, run.status().wireName(), run.windowStart(), run.windowEnd());
            if (noWait) {
                return 0;
            }
            long start = System.nanoTime();
            Status status = run.status();
            int stepsShown = 0;
            while (!run.status().finished()) {
                if (System.nanoTime() - start > timeoutSeconds * 1_000_000_000L) {
                    err.printf("run %s is still %s after %s s; it goes on in the service: see 'mesh pipelines logs %s'%n", run.id(), run.status().wireName(), timeoutSeconds, run.id());
                    return 1;
                }
                Thread.sleep(POLL_MILLIS);
                run = client.pipelineRun(run.id());
                for (; stepsShown < run.steps().size() && run.steps().get(stepsShown).durationMillis() != null; stepsShown++) {
                    PipelineRun.Step step = run.steps().get(stepsShown);
                    out.printf("  step %s %-24s %s%n", step.index() + 1, step.name(), step.error() == null ? "%s rows in %s".formatted(step.rows() == null ? "?" : step.rows(), seconds(step.durationMillis())) : "failed");
                }
                if (run.status() != status) {
                    out.printf("%s (%s)%n", run.status().wireName(), seconds((System.nanoTime() - start) / 1_000_000));
                    status = run.status();
                }
            }
            report(out, run);
            return run.status() == Status.PUBLISHED ? 0 : 1;
        }
    }

    private static void report(PrintWriter out, PipelineRun run)
    {
        out.printf("run %s of pipeline %s (product %s, revision %s), attempt %s, %s: %s%n", run.id(), run.pipeline(), run.product(), run.revision(), run.attempt(), run.trigger(), run.status().wireName());
        out.printf("window %s to %s; started %s, finished %s%n", run.windowStart(), run.windowEnd(), run.startedAt(), run.finishedAt());
        if (!run.steps().isEmpty()) {
            out.println();
            TextTable steps = new TextTable("STEP", "NAME", "QUERY", "ROWS WRITTEN", "ROWS READ", "TIME", "ERROR");
            for (PipelineRun.Step step : run.steps()) {
                steps.row(step.index() + 1, step.name(), step.queryId(), step.rows(), step.rowsRead(), step.durationMillis() == null ? null : seconds(step.durationMillis()), step.error());
            }
            steps.print(out);
        }
        if (!run.tables().isEmpty()) {
            out.println();
            TextTable tables = new TextTable("TABLE", "STAGED AS", "PUBLISHED", "KEPT UNTIL");
            run.tables().forEach(table -> tables.row(table.table(), table.staged(), table.published(), table.keptUntil()));
            tables.print(out);
        }
        if (!run.audit().isEmpty()) {
            out.println();
            TextTable audit = new TextTable("DATASET", "CHECK", "BLOCKING", "OUTCOME", "MEASURED", "EXPECTED", "MESSAGE");
            for (CheckResult result : run.audit()) {
                audit.row(result.dataset(), result.check(), result.blocking(), result.outcome().wireName(), measured(result.measured()), result.expected(), result.message());
            }
            audit.print(out);
        }
        if (run.error() != null) {
            out.println();
            out.println(run.error());
        }
    }

    private static Instant instant(String option, String value)
    {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        }
        catch (DateTimeParseException e) {
            throw new IllegalArgumentException("%s %s is neither an ISO instant (2026-01-01T00:00:00Z) nor a date (2026-01-01)".formatted(option, value));
        }
    }

    private static String seconds(long millis)
    {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
