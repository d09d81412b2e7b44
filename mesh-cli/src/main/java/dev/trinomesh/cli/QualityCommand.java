package dev.trinomesh.cli;

import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code mesh quality [PRODUCT]} and {@code mesh quality results PRODUCT}: the datasets' health and the checks' history. */
@Command(name = "quality", description = "Show the health of checked datasets (status, when checked, failed checks, circuit breaker); 'quality results' shows the checks' history.")
final class QualityCommand
        implements Callable<Integer>
{
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "PRODUCT", description = "Only this product's datasets.")
    Optional<String> product;

    @Override
    public Integer call()
    {
        TextTable table = new TextTable("PRODUCT", "DATASET", "STATUS", "CHECKED AT", "FAILED CHECKS", "BLOCKED BY");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (DatasetQuality dataset : connection.client().qualityStatus(product)) {
                table.row(dataset.product(), dataset.dataset(), dataset.status().wireName(), dataset.checkedAt(), String.join(", ", dataset.failedChecks()), dataset.blockedBy());
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "results", description = "Check results of a product, newest first.")
    int results(
            @Parameters(paramLabel = "PRODUCT") String product,
            @Option(names = "--dataset", paramLabel = "DATASET") Optional<String> dataset,
            @Option(names = "--check", paramLabel = "CHECK", description = "Only this check's results.") Optional<String> check,
            @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).") int limit)
    {
        TextTable table = new TextTable("CHECKED AT", "RUN", "DATASET", "CHECK", "OUTCOME", "MEASURED", "EXPECTED", "MESSAGE");
        try (ServiceOptions.Connection connection = service.connect()) {
            for (CheckResult result : connection.client().qualityResults(Optional.of(product), dataset, check, limit)) {
                table.row(result.checkedAt(), result.runId(), result.dataset(), result.check(), result.outcome().wireName(), measured(result.measured()), result.expected(), result.message());
            }
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }

    /** A measured value as people write it: 12, not 12.0. */
    static String measured(Double value)
    {
        if (value == null) {
            return "";
        }
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return String.valueOf(value.longValue());
        }
        return String.valueOf(value);
    }
}
