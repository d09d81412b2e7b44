package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.quality.CheckKind;
import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A dataset's health from the results of its latest run: a failed blocking check makes it {@code failing}
 * and opens its circuit breaker; a failed freshness check makes it {@code stale}; any other failure, or a
 * check that could not run, a {@code warning}. A check that could not run never opens the breaker: an
 * outage of Trino must not take the mesh down with it.
 */
final class DatasetHealth
{
    private DatasetHealth() {}

    static DatasetQuality of(String product, String dataset, List<CheckResult> results, Instant checkedAt)
    {
        QualityStatus status = QualityStatus.HEALTHY;
        for (CheckResult result : results) {
            status = status.worst(statusOf(result));
        }
        List<String> failed = results.stream()
                .filter(result -> result.outcome() != CheckOutcome.PASSED)
                .map(CheckResult::check)
                .toList();
        Optional<CheckResult> blocking = results.stream()
                .filter(result -> result.blocking() && result.outcome() == CheckOutcome.FAILED)
                .findFirst();
        return new DatasetQuality(product, dataset, status, checkedAt, failed,
                blocking.map(CheckResult::check).orElse(null),
                blocking.map(result -> "%s (expected %s)".formatted(result.message(), result.expected())).orElse(null));
    }

    private static QualityStatus statusOf(CheckResult result)
    {
        return switch (result.outcome()) {
            case PASSED -> QualityStatus.HEALTHY;
            case ERROR -> QualityStatus.WARNING;
            case FAILED -> {
                if (result.blocking()) {
                    yield QualityStatus.FAILING;
                }
                yield result.kind().equals(CheckKind.FRESHNESS.wireName()) ? QualityStatus.STALE : QualityStatus.WARNING;
            }
        };
    }

    /** Whether connectors must hear of the change: the status or the circuit breaker moved. */
    static boolean changed(Optional<DatasetQuality> before, DatasetQuality after)
    {
        return before.isEmpty()
                || before.orElseThrow().status() != after.status()
                || !java.util.Objects.equals(before.orElseThrow().blockedBy(), after.blockedBy());
    }
}
