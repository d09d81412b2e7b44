package dev.trinomesh.catalog.data.read;

import com.google.inject.Inject;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.data.DataConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Per person: how fast they may ask (a token bucket of {@code data.request-burst-per-user} requests refilled at
 * {@code data.requests-per-second-per-user}) and how many reads they may have running at once. Refusals are 429 with
 * {@code Retry-After}, so a client loop slows down instead of queueing work in Trino.
 */
public final class Limits
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double ratePerSecond;
    private final int burst;
    private final int maxConcurrent;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Integer> running = new ConcurrentHashMap<>();

    @Inject
    public Limits(DataConfig config)
    {
        this(config.getRequestsPerSecondPerUser(), config.getRequestBurstPerUser(), config.getMaxConcurrentRequestsPerUser(), System::nanoTime);
    }

    public Limits(double ratePerSecond, int burst, int maxConcurrent, LongSupplier nanoTime)
    {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.maxConcurrent = maxConcurrent;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    /** Counts one request of {@code user} against their rate; 429 when they are over it. */
    public void admit(String user)
    {
        long waitNanos = buckets.computeIfAbsent(user, _ -> new Bucket(burst, nanoTime.getAsLong())).take(ratePerSecond, burst, nanoTime.getAsLong());
        if (waitNanos > 0) {
            long seconds = (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
            throw ServiceException.tooManyRequests("%s is making data requests faster than %s a second (data.requests-per-second-per-user); slow down and retry after %s s"
                    .formatted(user, ratePerSecond, seconds), seconds);
        }
    }

    /** A slot for one running read of {@code user}, given back when closed; 429 when they run as many as allowed. */
    public Slot start(String user)
    {
        boolean[] taken = new boolean[1];
        running.compute(user, (_, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxConcurrent) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        if (!taken[0]) {
            throw ServiceException.tooManyRequests("%s already has %s data reads running (data.max-concurrent-requests-per-user); wait for one to finish"
                    .formatted(user, maxConcurrent), 1);
        }
        return new Slot(user);
    }

    /** One running read; closing it more than once gives the slot back once. */
    public final class Slot
            implements AutoCloseable
    {
        private final String user;
        private boolean closed;

        private Slot(String user)
        {
            this.user = user;
        }

        @Override
        public synchronized void close()
        {
            if (!closed) {
                closed = true;
                running.computeIfPresent(user, (_, count) -> count <= 1 ? null : count - 1);
            }
        }
    }

    private static final class Bucket
    {
        private double tokens;
        private long refilledAt;

        Bucket(int burst, long now)
        {
            this.tokens = burst;
            this.refilledAt = now;
        }

        /** Takes a token: 0 when there was one, else how long until there is. */
        synchronized long take(double ratePerSecond, int burst, long now)
        {
            tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerSecond / NANOS_PER_SECOND);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / ratePerSecond * NANOS_PER_SECOND);
        }
    }
}
