package dev.trinomesh.catalog.identity.authentication;

import io.airlift.log.Logger;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Failed logins and unknown tokens per client address, per minute: past the limit a client is refused until the
 * minute has passed, so that guessing passwords or tokens costs time. Each failure is also counted in a
 * {@link FailureTally} shared by the replicas, and the replica takes the larger count: a client spreading its guesses
 * over N replicas gets at most N - 1 more than the limit (each replica learns the shared count at the client's next
 * failure there). The check itself reads memory only, so a refused client costs no database work. When the tally
 * cannot be reached, this replica's own count still applies.
 */
public final class FailedAttempts
{
    private static final Logger log = Logger.get(FailedAttempts.class);
    private static final int MAX_CLIENTS = 100_000;

    private final int maxPerMinute;
    private final FailureTally tally;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong tallyFailureLogged = new AtomicLong(-1);

    public FailedAttempts(int maxPerMinute, FailureTally tally, Clock clock)
    {
        this.maxPerMinute = maxPerMinute;
        this.tally = requireNonNull(tally, "tally is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The address a request came from: what attempts are counted by. Behind a load balancer this is the balancer's
     * address unless the service takes the client's from X-Forwarded-For ({@code http-server.process-forwarded}).
     */
    public static String client(HttpServletRequest request)
    {
        return request == null ? "unknown" : request.getRemoteAddr();
    }

    /** Seconds until {@code client} may try again, or 0 when it may now. */
    public long retryAfterSeconds(String client)
    {
        long minute = minute();
        Window window = windows.get(client);
        if (window == null || window.minute() != minute || window.failures() < maxPerMinute) {
            return 0;
        }
        return 60 - (clock.millis() / 1000) % 60;
    }

    public void failed(String client)
    {
        long minute = minute();
        if (windows.size() > MAX_CLIENTS) {
            windows.values().removeIf(window -> window.minute() != minute);
        }
        Window local = windows.merge(client, new Window(minute, 1), (current, _) -> current.minute() == minute ? new Window(minute, current.failures() + 1) : new Window(minute, 1));
        int shared;
        try {
            shared = tally.add(client, minute);
        }
        catch (RuntimeException e) {
            if (tallyFailureLogged.getAndSet(minute) != minute) {
                log.warn(e, "counting a failed attempt to authenticate in the service database failed; this replica counts on its own until it works again");
            }
            return;
        }
        if (shared > local.failures()) {
            windows.merge(client, new Window(minute, shared), (current, counted) -> current.minute() == minute && current.failures() >= counted.failures() ? current : counted);
        }
    }

    private long minute()
    {
        return clock.millis() / 60_000;
    }

    private record Window(long minute, int failures) {}
}
