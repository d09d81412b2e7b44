package dev.trinomesh.catalog.core.http;

import io.airlift.stats.CounterStat;
import io.airlift.stats.TimeStat;
import org.weakref.jmx.Managed;
import org.weakref.jmx.Nested;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * Every request the service answers through its resources (the API, the lake's Iceberg REST catalog, the portal, the
 * MCP server and /metrics itself), as {@link RequestStatsFilter} times them: the latency from the request's arrival at
 * the resources to its answer (before the body is written), and the answers by status class. Refusals of the
 * authentication filter count too.
 */
public class RequestStats
{
    private final TimeStat latency = new TimeStat();
    private final CounterStat successful = new CounterStat();
    private final CounterStat clientErrors = new CounterStat();
    private final CounterStat serverErrors = new CounterStat();

    void answered(int status, long nanos)
    {
        latency.add((double) nanos, NANOSECONDS);
        if (status >= 500) {
            serverErrors.update(1);
        }
        else if (status >= 400) {
            clientErrors.update(1);
        }
        else {
            successful.update(1);
        }
    }

    @Managed
    @Nested
    public TimeStat getLatency()
    {
        return latency;
    }

    @Managed
    @Nested
    public CounterStat getSuccessful()
    {
        return successful;
    }

    @Managed
    @Nested
    public CounterStat getClientErrors()
    {
        return clientErrors;
    }

    @Managed
    @Nested
    public CounterStat getServerErrors()
    {
        return serverErrors;
    }
}
