package dev.trinomesh.connector;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotNull;

import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

public class MeshConfig
{
    private Duration refreshInterval = new Duration(1, SECONDS);
    private Duration maxStaleness = new Duration(5, MINUTES);

    @NotNull
    @MinDuration("10ms")
    public Duration getRefreshInterval()
    {
        return refreshInterval;
    }

    @Config("mesh.metadata.refresh-interval")
    @ConfigDescription("How often to ask the catalog service whether the registry changed (a conditional request, answered 304 when unchanged)")
    public MeshConfig setRefreshInterval(Duration refreshInterval)
    {
        this.refreshInterval = refreshInterval;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    public Duration getMaxStaleness()
    {
        return maxStaleness;
    }

    @Config("mesh.metadata.max-staleness")
    @ConfigDescription("How long to keep serving the last good registry snapshot while the catalog service cannot be reached; after that, queries on the mesh catalog fail")
    public MeshConfig setMaxStaleness(Duration maxStaleness)
    {
        this.maxStaleness = maxStaleness;
        return this;
    }
}
