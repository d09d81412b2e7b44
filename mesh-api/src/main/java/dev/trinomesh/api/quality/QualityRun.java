package dev.trinomesh.api.quality;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One run of a product's checks (or one dataset's): why it ran ({@code manual}, {@code schedule},
 * {@code commit}), its state ({@code queued}, {@code running}, then done or failed: {@code "finished"} or {@code "failed"}), its results
 * once finished, and the datasets' resulting health.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record QualityRun(
        long id,
        String product,
        String dataset,
        String trigger,
        String state,
        Instant requestedAt,
        Instant startedAt,
        Instant finishedAt,
        String error,
        List<CheckResult> results,
        List<DatasetQuality> datasets)
{
    public QualityRun
    {
        requireNonNull(product, "product is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(state, "state is null");
        results = results == null ? List.of() : List.copyOf(results);
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    public boolean done()
    {
        return state.equals("finished") || state.equals("failed");
    }
}
