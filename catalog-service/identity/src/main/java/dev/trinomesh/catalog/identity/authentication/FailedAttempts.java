package dev.trinomesh.catalog.identity.authentication;

import jakarta.servlet.http.HttpServletRequest;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Failed logins and unknown tokens per client address, per minute: past the limit a client is refused until the
 * minute has passed, so that guessing passwords or tokens costs time.
 */
public final class FailedAttempts
{
    private static final int MAX_CLIENTS = 100_000;

    private final int maxPerMinute;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public FailedAttempts(int maxPerMinute, Clock clock)
    {
        this.maxPerMinute = maxPerMinute;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The address a request came from: what attempts are counted by. */
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
        windows.merge(client, new Window(minute, 1), (current, _) -> current.minute() == minute ? new Window(minute, current.failures() + 1) : new Window(minute, 1));
    }

    private long minute()
    {
        return clock.millis() / 60_000;
    }

    private record Window(long minute, int failures) {}
}
