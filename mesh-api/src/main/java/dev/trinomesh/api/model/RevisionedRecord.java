package dev.trinomesh.api.model;

import java.time.Instant;

/**
 * A stored descriptor at one revision, as policies and pipelines are kept: {@code revision} counts every change of
 * {@code name}, a removal (which leaves it inactive) included.
 */
public interface RevisionedRecord<D>
{
    String name();

    int revision();

    boolean active();

    Instant updatedAt();

    String updatedBy();

    D descriptor();
}
