package dev.trinomesh.catalog.pipelines;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/** How many pipeline runs execute at once, how often the service looks for due ones, and how long failed audits are kept. */
public class PipelinesConfig
{
    private int maxConcurrentRuns = 2;
    private Duration pollInterval = new Duration(250, MILLISECONDS);
    private Duration stagedRetention = new Duration(7, DAYS);

    @Min(1)
    public int getMaxConcurrentRuns()
    {
        return maxConcurrentRuns;
    }

    @Config("pipelines.max-concurrent-runs")
    @ConfigDescription("Runs executing at once, across pipelines (each pipeline runs one at a time); more wait in the queue")
    public PipelinesConfig setMaxConcurrentRuns(int maxConcurrentRuns)
    {
        this.maxConcurrentRuns = maxConcurrentRuns;
        return this;
    }

    @NotNull
    @MinDuration("10ms")
    public Duration getPollInterval()
    {
        return pollInterval;
    }

    @Config("pipelines.poll-interval")
    @ConfigDescription("How often the service looks for schedules that are due and queued runs it can start")
    public PipelinesConfig setPollInterval(Duration pollInterval)
    {
        this.pollInterval = pollInterval;
        return this;
    }

    @NotNull
    public Duration getStagedRetention()
    {
        return stagedRetention;
    }

    @Config("pipelines.staged-retention")
    @ConfigDescription("How long the staged tables of a run whose audit failed are kept for inspection before they are dropped")
    public PipelinesConfig setStagedRetention(Duration stagedRetention)
    {
        this.stagedRetention = stagedRetention;
        return this;
    }
}
