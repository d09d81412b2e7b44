package dev.trinomesh.lineage;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, so that many coordinators do not retry against a recovering service in step. */
final class Backoff
{
    private final long initialNanos;
    private final long maxNanos;
    private int failures;

    Backoff(long initialNanos, long maxNanos)
    {
        this.initialNanos = initialNanos;
        this.maxNanos = Math.max(initialNanos, maxNanos);
    }

    /** Records a failure; returns how long to wait before the next attempt. */
    long failed()
    {
        int doublings = Math.min(failures, 62);
        failures++;
        long delay = initialNanos;
        for (int i = 0; i < doublings && delay < maxNanos; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, maxNanos);
        // ±20%, but never above the configured maximum
        long jittered = (long) (delay * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        return Math.max(1, Math.min(jittered, maxNanos));
    }

    void succeeded()
    {
        failures = 0;
    }

    int failures()
    {
        return failures;
    }
}
