package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * How fresh a lake-backed dataset is: its bound table's newest accepted commit, its age, and the
 * verdict against the dataset's {@code freshness.maxAge}: {@code fresh}, {@code stale},
 * {@code no_commits} or {@code no_sla}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetFreshness(
        String product,
        String dataset,
        String lakeTable,
        Instant lastCommitAt,
        Long ageSeconds,
        String maxAge,
        String status,
        Long totalRecords,
        Long lastAddedRecords)
{
    public DatasetFreshness
    {
        requireNonNull(product, "product is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(lakeTable, "lakeTable is null");
        requireNonNull(status, "status is null");
    }
}
