package dev.trinomesh.lineage;

import java.util.concurrent.atomic.AtomicLong;

/** See {@link ListenerStatsMBean}. */
public final class ListenerStats
        implements ListenerStatsMBean
{
    final AtomicLong eventsMapped = new AtomicLong();
    final AtomicLong queriesSkipped = new AtomicLong();
    final AtomicLong mappingFailures = new AtomicLong();
    final AtomicLong droppedAfterShutdown = new AtomicLong();

    @Override
    public long getEventsMapped()
    {
        return eventsMapped.get();
    }

    @Override
    public long getQueriesSkipped()
    {
        return queriesSkipped.get();
    }

    @Override
    public long getMappingFailures()
    {
        return mappingFailures.get();
    }

    @Override
    public long getDroppedAfterShutdown()
    {
        return droppedAfterShutdown.get();
    }
}
