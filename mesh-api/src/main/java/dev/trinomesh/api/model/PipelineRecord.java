package dev.trinomesh.api.model;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A stored pipeline at one revision; {@code revision} counts every change of the pipeline, a removal included. */
public record PipelineRecord(String name, int revision, boolean active, Instant updatedAt, String updatedBy, Pipeline descriptor)
        implements RevisionedRecord<Pipeline>
{
    public PipelineRecord
    {
        requireNonNull(name, "name is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(updatedBy, "updatedBy is null");
        requireNonNull(descriptor, "descriptor is null");
    }
}
