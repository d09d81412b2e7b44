package dev.trinomesh.cli;

import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import static dev.trinomesh.cli.QualityCommand.measured;

/**
 * {@code mesh check PRODUCT [--dataset D]}: asks the catalog service to run the product's quality checks,
 * follows the run until it is done, and prints each check's result and each dataset's health. Exit code
 * 0 when every check passed, 1 when one failed or could not run (or the service refused the run), 2 on
 * usage errors.
 */
@Command(name = "check", description = "Run a product's quality checks now and wait for the results. Exit code 0: all passed; 1: a check failed or errored, or the run could not be made; 2: usage error.")
final class CheckCommand
        implements Callable<Integer>
{
    private static final long POLL_MILLIS = 500;
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PRODUCT", description = "The product whose checks to run.")
    String product;

    @Option(names = "--dataset", paramLabel = "DATASET", description = "Only this dataset's checks.")
    Optional<String> dataset;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600", description = "Stop waiting after this long; the run goes on in the service (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call()
            throws InterruptedException
    {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String scope = dataset.map(name -> "%s.%s".formatted(product, name)).orElse(product);
        try (ServiceOptions.Connection connection = service.connect()) {
            QualityRun run;
            try {
                run = connection.client().requestQualityRun(product, dataset);
            }
            catch (CatalogServiceException e) {
                if (e.isUnreachable()) {
                    throw e;
                }
                err.printf("check %s: refused (HTTP %s): %s%n", scope, e.status(), e.getMessage());
                return 1;
            }
            out.printf("run %s of %s: %s%n", run.id(), scope, run.state());
            long start = System.nanoTime();
            long lastReport = start;
            String state = run.state();
            while (!run.done()) {
                if (System.nanoTime() - start > timeoutSeconds * 1_000_000_000L) {
                    err.printf("run %s is still %s after %s s; it goes on in the service: see 'mesh quality results %s'%n", run.id(), run.state(), timeoutSeconds, product);
                    return 1;
                }
                Thread.sleep(POLL_MILLIS);
                run = connection.client().qualityRun(run.id());
                long now = System.nanoTime();
                if (!run.state().equals(state) || now - lastReport >= PROGRESS_EVERY_NANOS) {
                    out.printf("%s (%s)%n", run.state(), elapsed(now - start));
                    state = run.state();
                    lastReport = now;
                }
            }
            return report(out, err, run);
        }
    }

    private int report(PrintWriter out, PrintWriter err, QualityRun run)
    {
        if (run.state().equals("failed")) {
            err.printf("run %s failed: %s%n", run.id(), run.error() == null ? "the service gave no reason" : run.error());
            return 1;
        }
        if (run.results().isEmpty()) {
            out.printf("%s has no quality checks to run%n", dataset.map(name -> "dataset %s.%s".formatted(product, name)).orElse("product " + product));
            return 0;
        }
        out.println();
        TextTable table = new TextTable("DATASET", "CHECK", "OUTCOME", "MEASURED", "EXPECTED", "MESSAGE");
        for (CheckResult result : run.results()) {
            table.row(result.dataset(), result.check(), result.outcome().wireName(), measured(result.measured()), result.expected(), result.message());
        }
        table.print(out);
        out.println();
        for (DatasetQuality health : run.datasets()) {
            out.printf("%s: %s%s%n", health.dataset(), health.status().wireName(), health.blocked() ? ", blocked by " + health.blockedBy() : "");
        }
        long notPassed = run.results().stream().filter(result -> result.outcome() != CheckOutcome.PASSED).count();
        out.printf("%s of %s check%s passed%n", run.results().size() - notPassed, run.results().size(), run.results().size() == 1 ? "" : "s");
        return notPassed == 0 ? 0 : 1;
    }

    private static String elapsed(long nanos)
    {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
