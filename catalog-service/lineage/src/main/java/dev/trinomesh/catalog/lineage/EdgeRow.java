package dev.trinomesh.catalog.lineage;

import java.time.Instant;

/** A stored edge as a walk reads it: ids only; names are looked up once for the whole answer. */
record EdgeRow(long targetId, long sourceId, EdgeKind kind, long targetDatasetId, long sourceDatasetId, Instant firstSeen, Instant lastSeen, String lastQueryId)
{
    EdgeKey key()
    {
        return new EdgeKey(targetId, sourceId, kind);
    }

    long near(Direction direction)
    {
        return direction == Direction.UPSTREAM ? targetId : sourceId;
    }

    long far(Direction direction)
    {
        return direction == Direction.UPSTREAM ? sourceId : targetId;
    }

    long farDataset(Direction direction)
    {
        return direction == Direction.UPSTREAM ? sourceDatasetId : targetDatasetId;
    }

    /** Whether the end the walk goes to is a column (rather than a dataset). */
    boolean farIsColumn(Direction direction)
    {
        return far(direction) != farDataset(direction);
    }
}
