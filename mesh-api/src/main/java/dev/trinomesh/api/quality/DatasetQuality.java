package dev.trinomesh.api.quality;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A dataset's health after its latest checks. {@code blockedBy} names the failing blocking check that
 * opened the dataset's circuit breaker (queries on it fail unless the session reads anyway), and
 * {@code blockedMessage} what it measured; both null when the breaker is closed.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DatasetQuality(
        String product,
        String dataset,
        QualityStatus status,
        Instant checkedAt,
        List<String> failedChecks,
        String blockedBy,
        String blockedMessage)
{
    public DatasetQuality
    {
        requireNonNull(product, "product is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(status, "status is null");
        failedChecks = failedChecks == null ? List.of() : List.copyOf(failedChecks);
    }

    public boolean blocked()
    {
        return blockedBy != null;
    }
}
