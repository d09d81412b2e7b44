package dev.trinomesh.catalog.registry.revisions;

import java.time.Instant;

/** Makes the record of one revision of a descriptor: a record's canonical constructor, as {@code PolicyRecord::new}. */
@FunctionalInterface
public interface RecordFactory<D, R>
{
    R record(String name, int revision, boolean active, Instant updatedAt, String updatedBy, D descriptor);
}
