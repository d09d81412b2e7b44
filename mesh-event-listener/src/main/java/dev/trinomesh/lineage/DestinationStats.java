package dev.trinomesh.lineage;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/** The counters of one destination; see {@link DestinationStatsMBean}. */
public final class DestinationStats
        implements DestinationStatsMBean
{
    private final String uri;
    final AtomicLong enqueued = new AtomicLong();
    final AtomicLong droppedQueueFull = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong spooled = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();
    final AtomicLong droppedSpoolFull = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    private volatile String lastFailure = "";
    private volatile IntSupplier queueSize = () -> 0;
    private volatile LongSupplier spoolBytes = () -> 0;
    private volatile IntSupplier spoolSegments = () -> 0;

    DestinationStats(String uri)
    {
        this.uri = requireNonNull(uri, "uri is null");
    }

    void bindGauges(IntSupplier queueSize, LongSupplier spoolBytes, IntSupplier spoolSegments)
    {
        this.queueSize = queueSize;
        this.spoolBytes = spoolBytes;
        this.spoolSegments = spoolSegments;
    }

    void failed(String failure)
    {
        failedAttempts.incrementAndGet();
        lastFailure = failure;
    }

    @Override
    public String getUri()
    {
        return uri;
    }

    @Override
    public long getEnqueued()
    {
        return enqueued.get();
    }

    @Override
    public long getDroppedQueueFull()
    {
        return droppedQueueFull.get();
    }

    @Override
    public long getSent()
    {
        return sent.get();
    }

    @Override
    public long getDuplicates()
    {
        return duplicates.get();
    }

    @Override
    public long getSpooled()
    {
        return spooled.get();
    }

    @Override
    public long getReplayed()
    {
        return replayed.get();
    }

    @Override
    public long getDroppedSpoolFull()
    {
        return droppedSpoolFull.get();
    }

    @Override
    public long getRejected()
    {
        return rejected.get();
    }

    @Override
    public long getFailedAttempts()
    {
        return failedAttempts.get();
    }

    @Override
    public int getQueueSize()
    {
        return queueSize.getAsInt();
    }

    @Override
    public long getSpoolBytes()
    {
        return spoolBytes.getAsLong();
    }

    @Override
    public int getSpoolSegments()
    {
        return spoolSegments.getAsInt();
    }

    @Override
    public String getLastFailure()
    {
        return lastFailure;
    }

    @Override
    public String toString()
    {
        return "enqueued=%s droppedQueueFull=%s sent=%s duplicates=%s spooled=%s replayed=%s droppedSpoolFull=%s rejected=%s failedAttempts=%s queue=%s spoolBytes=%s"
                .formatted(getEnqueued(), getDroppedQueueFull(), getSent(), getDuplicates(), getSpooled(), getReplayed(), getDroppedSpoolFull(), getRejected(), getFailedAttempts(), getQueueSize(), getSpoolBytes());
    }
}
