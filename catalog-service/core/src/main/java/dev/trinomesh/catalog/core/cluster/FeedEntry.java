package dev.trinomesh.catalog.core.cluster;

import java.time.Instant;

/** A row of a log that replicas follow: its position (an id the database gave it) and when it was recorded. */
public interface FeedEntry
{
    long position();

    Instant recordedAt();
}
