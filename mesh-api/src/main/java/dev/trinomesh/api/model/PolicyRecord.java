package dev.trinomesh.api.model;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A stored policy at one revision; {@code revision} counts every change of the policy. */
public record PolicyRecord(String name, int revision, boolean active, Instant updatedAt, String updatedBy, Policy descriptor)
        implements RevisionedRecord<Policy>
{
    public PolicyRecord
    {
        requireNonNull(name, "name is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(updatedBy, "updatedBy is null");
        requireNonNull(descriptor, "descriptor is null");
    }
}
