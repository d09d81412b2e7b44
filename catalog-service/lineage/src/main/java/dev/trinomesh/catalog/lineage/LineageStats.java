package dev.trinomesh.catalog.lineage;

import io.airlift.stats.CounterStat;
import org.weakref.jmx.Managed;
import org.weakref.jmx.Nested;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lineage ingestion as {@link LineageIngestion} and {@link LineageRollup} see it: batches and events received,
 * events new to the store (the rest were duplicates), and how far behind the store is: the seconds from the newest
 * event time ingested to now (NaN before the first event). Exported as an MBean by {@link LineageModule}.
 */
public class LineageStats
{
    private static final long NONE = Long.MIN_VALUE;

    private final Clock clock;
    private final CounterStat batches = new CounterStat();
    private final CounterStat events = new CounterStat();
    private final CounterStat eventsAccepted = new CounterStat();
    private final CounterStat pendingRowsRolledUp = new CounterStat();
    private final AtomicLong newestEventMillis = new AtomicLong(NONE);

    public LineageStats()
    {
        this(Clock.systemUTC());
    }

    LineageStats(Clock clock)
    {
        this.clock = clock;
    }

    /** A batch of {@code received} events, {@code accepted} of them new, the newest of them at {@code newest} (null when empty). */
    void ingested(int received, int accepted, Instant newest)
    {
        batches.update(1);
        events.update(received);
        eventsAccepted.update(accepted);
        if (newest != null) {
            newestEventMillis.accumulateAndGet(newest.toEpochMilli(), Math::max);
        }
    }

    void rolledUp(int pendingRows)
    {
        pendingRowsRolledUp.update(pendingRows);
    }

    @Managed
    @Nested
    public CounterStat getBatches()
    {
        return batches;
    }

    @Managed
    @Nested
    public CounterStat getEvents()
    {
        return events;
    }

    @Managed
    @Nested
    public CounterStat getEventsAccepted()
    {
        return eventsAccepted;
    }

    @Managed
    @Nested
    public CounterStat getPendingRowsRolledUp()
    {
        return pendingRowsRolledUp;
    }

    @Managed(description = "Seconds from the newest event time ingested to now; NaN before the first event")
    public double getIngestionLagSeconds()
    {
        long newest = newestEventMillis.get();
        return newest == NONE ? Double.NaN : Math.max(0, clock.millis() - newest) / 1000.0;
    }
}
