package dev.trinomesh.catalog.quality;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

/** As whom the quality checks run (on the Trino of trino.uri), and how often the service looks for work. */
public class QualityConfig
{
    private String trinoUser = "mesh-quality";
    private Duration queryTimeout = new Duration(30, MINUTES);
    private int maxConcurrentRuns = 2;
    private Duration commitDelay = new Duration(10, SECONDS);
    private Duration scheduleInterval = new Duration(30, SECONDS);

    @NotEmpty
    public String getTrinoUser()
    {
        return trinoUser;
    }

    @Config("quality.trino-user")
    @ConfigDescription("The identity the checks run as (the service's principal, trino.user, acts for it at trino.uri); the mesh access control lists it in mesh.unfiltered-readers, so it reads checked sources unfiltered and unmasked")
    public QualityConfig setTrinoUser(String trinoUser)
    {
        this.trinoUser = trinoUser;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    public Duration getQueryTimeout()
    {
        return queryTimeout;
    }

    @Config("quality.query-timeout")
    @ConfigDescription("Longest a check's query may run; then its checks are recorded as errors")
    public QualityConfig setQueryTimeout(Duration queryTimeout)
    {
        this.queryTimeout = queryTimeout;
        return this;
    }

    @Min(1)
    public int getMaxConcurrentRuns()
    {
        return maxConcurrentRuns;
    }

    @Config("quality.max-concurrent-runs")
    @ConfigDescription("Runs executing at once (each runs its datasets one after another); more wait in the queue")
    public QualityConfig setMaxConcurrentRuns(int maxConcurrentRuns)
    {
        this.maxConcurrentRuns = maxConcurrentRuns;
        return this;
    }

    @NotNull
    public Duration getCommitDelay()
    {
        return commitDelay;
    }

    @Config("quality.commit-delay")
    @ConfigDescription("Wait after a lake commit before checking the datasets reading the table, so a burst of commits is checked once")
    public QualityConfig setCommitDelay(Duration commitDelay)
    {
        this.commitDelay = commitDelay;
        return this;
    }

    @NotNull
    @MinDuration("100ms")
    public Duration getScheduleInterval()
    {
        return scheduleInterval;
    }

    @Config("quality.schedule-interval")
    @ConfigDescription("How often the service looks for products whose scheduled checks (spec.checks.every) are due")
    public QualityConfig setScheduleInterval(Duration scheduleInterval)
    {
        this.scheduleInterval = scheduleInterval;
        return this;
    }
}
