package dev.trinomesh.api.quality;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One check of one dataset in one run: its outcome, the value measured (a count, a rate, an age in
 * seconds...), what was expected, and a message saying what was wrong. {@code durationMillis} is the time
 * of the query that measured it, which checks of a dataset share when they ran in one scan.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResult(
        long runId,
        String product,
        String dataset,
        String check,
        String kind,
        boolean blocking,
        CheckOutcome outcome,
        Double measured,
        String expected,
        String message,
        Instant checkedAt,
        long durationMillis)
{
    public CheckResult
    {
        requireNonNull(product, "product is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(check, "check is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(checkedAt, "checkedAt is null");
    }
}
