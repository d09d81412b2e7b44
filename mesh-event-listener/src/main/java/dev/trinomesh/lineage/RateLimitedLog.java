package dev.trinomesh.lineage;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import io.airlift.log.Logger;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a recurring condition at most once per interval, saying how many occurrences the silence hid, so that an
 * outage or a full queue is visible in the log without one line per query.
 */
final class RateLimitedLog
{
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, long interval, TimeUnit unit)
    {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
    }

    @FormatMethod
    void warn(@FormatString String format, Object... args)
    {
        if (allowed()) {
            log.warn("%s%s", format.formatted(args), suppressedNote());
        }
    }

    @FormatMethod
    void error(@FormatString String format, Object... args)
    {
        if (allowed()) {
            log.error("%s%s", format.formatted(args), suppressedNote());
        }
    }

    private boolean allowed()
    {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if (now - next >= 0 && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    private String suppressedNote()
    {
        long count = suppressed.getAndSet(0);
        return count == 0 ? "" : " (" + count + " similar messages suppressed since the last one)";
    }
}
