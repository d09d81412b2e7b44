package dev.trinomesh.catalog.core.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Follows a log in the service database (rows with increasing ids, such as the lake's commit log) on behalf of all
 * replicas: only the holder of the lease reads it, and the lease keeps how far it got, so that every row is handled
 * by a live replica, at least once, even when the holder dies. Ids are given when a row is written but seen when its
 * transaction commits, so a row may appear after one with a higher id: the position moves past a missing id only
 * once {@link #GAP_WAIT} has passed since the row after it was recorded (by then its transaction ended; an id never
 * seen was rolled back). Rows past such a gap are handled as they come, and remembered so as not to be handled twice.
 * Not thread-safe: one caller, the follower's timer.
 */
public final class FeedFollower<T extends FeedEntry>
{
    static final Duration GAP_WAIT = Duration.ofSeconds(10);
    private static final int BATCH = 500;

    /** Reads a log: its rows after a position, oldest first, and its newest position. */
    public interface Log<T>
    {
        List<T> after(long position, int limit);

        long newest();
    }

    private final Leases leases;
    private final String lease;
    private final Log<T> log;
    private final Clock clock;
    private final Set<Long> handled = new HashSet<>();

    public FeedFollower(Leases leases, String lease, Log<T> log)
    {
        this(leases, lease, log, Clock.systemUTC());
    }

    FeedFollower(Leases leases, String lease, Log<T> log, Clock clock)
    {
        this.leases = requireNonNull(leases, "leases is null");
        this.lease = requireNonNull(lease, "lease is null");
        this.log = requireNonNull(log, "log is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * When this replica holds the lease: hands the rows not handled yet to {@code handler}, then records the position.
     * A deployment following the log for the first time starts at its end: what came before is history, not news.
     */
    public void poll(Consumer<List<T>> handler)
    {
        if (!leases.holds(lease)) {
            handled.clear();
            return;
        }
        long position = leases.position(lease);
        if (position < 0) {
            leases.advance(lease, log.newest());
            return;
        }
        List<T> rows = log.after(position, BATCH);
        List<T> fresh = rows.stream().filter(row -> !handled.contains(row.position())).toList();
        if (!fresh.isEmpty()) {
            handler.accept(fresh);
            fresh.forEach(row -> handled.add(row.position()));
        }
        Instant gapsClosed = clock.instant().minus(GAP_WAIT);
        long next = position;
        for (T row : rows) {
            if (row.position() != next + 1 && !row.recordedAt().isBefore(gapsClosed)) {
                break;
            }
            next = row.position();
        }
        if (next != position) {
            long reached = next;
            if (leases.advance(lease, reached)) {
                handled.removeIf(id -> id <= reached);
            }
            else {
                handled.clear();
            }
        }
    }
}
