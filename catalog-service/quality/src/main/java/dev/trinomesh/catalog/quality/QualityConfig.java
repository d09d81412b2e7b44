package dev.trinomesh.catalog.quality;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

/** Where and as whom the quality checks run, and how often the service looks for work. */
public class QualityConfig
{
    private URI trinoUri;
    private String trinoUser = "mesh-quality";
    private Duration queryTimeout = new Duration(30, MINUTES);
    private int maxConcurrentRuns = 2;
    private Duration commitDelay = new Duration(10, SECONDS);
    private Duration scheduleInterval = new Duration(30, SECONDS);

    public Optional<URI> getTrinoUri()
    {
        return Optional.ofNullable(trinoUri);
    }

    @Config("quality.trino-uri")
    @ConfigDescription("Trino coordinator the checks run on, e.g. http://trino:8080; unset, no checks run (runs are refused with a message saying so)")
    public QualityConfig setTrinoUri(URI trinoUri)
    {
        this.trinoUri = trinoUri;
        return this;
    }

    @NotNull
    public String getTrinoUser()
    {
        return trinoUser;
    }

    @Config("quality.trino-user")
    @ConfigDescription("The identity the checks run as; it must read every product unfiltered and unmasked (list it in the mesh access control's mesh.admins)")
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
