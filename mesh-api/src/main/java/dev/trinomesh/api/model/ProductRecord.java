package dev.trinomesh.api.model;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A registered product at one revision: its descriptor plus what the registry knows about it.
 * {@code revision} counts every change of the product (descriptor or status); {@code descriptor.metadata.version}
 * is the contract's semantic version.
 */
public record ProductRecord(
        String name,
        int revision,
        Instant createdAt,
        Instant updatedAt,
        String updatedBy,
        DataProduct descriptor)
{
    public ProductRecord
    {
        requireNonNull(name, "name is null");
        requireNonNull(descriptor.metadata().status(), "descriptor.metadata.status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(updatedBy, "updatedBy is null");
        requireNonNull(descriptor, "descriptor is null");
    }

    public ProductMetadata metadata()
    {
        return descriptor.metadata();
    }

    public ProductStatus status()
    {
        return descriptor.metadata().status();
    }
}
