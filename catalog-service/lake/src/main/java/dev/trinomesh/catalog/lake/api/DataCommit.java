package dev.trinomesh.catalog.lake.api;

import dev.trinomesh.catalog.core.cluster.FeedEntry;
import org.apache.iceberg.catalog.TableIdentifier;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** An accepted commit that added a snapshot to a lake table, at its position in the commit log. */
public record DataCommit(long position, TableIdentifier table, Instant recordedAt)
        implements FeedEntry
{
    public DataCommit
    {
        requireNonNull(table, "table is null");
        requireNonNull(recordedAt, "recordedAt is null");
    }
}
