package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A commit to a lake table as the catalog saw it: {@code accepted} (with Iceberg's snapshot summary
 * figures; null when the commit added no snapshot) or {@code refused} (with the contract gate's message).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LakeCommit(
        String namespace,
        String table,
        Instant committedAt,
        String outcome,
        String operation,
        Long snapshotId,
        Long addedRecords,
        Long deletedRecords,
        Long addedFiles,
        Long deletedFiles,
        Long addedBytes,
        Long removedBytes,
        Long totalRecords,
        String message)
{
    public LakeCommit
    {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(table, "table is null");
        requireNonNull(committedAt, "committedAt is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(operation, "operation is null");
    }
}
