package dev.trinomesh.catalog.core.cluster;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import static java.util.concurrent.TimeUnit.SECONDS;

/** How replicas sharing one database tell each other they are alive, and how soon work of a dead one is taken over. */
public class ClusterConfig
{
    private Duration heartbeatInterval = new Duration(1, SECONDS);
    private Duration replicaTimeout = new Duration(10, SECONDS);

    @NotNull
    @MinDuration("100ms")
    @MaxDuration("1m")
    public Duration getHeartbeatInterval()
    {
        return heartbeatInterval;
    }

    @Config("cluster.heartbeat-interval")
    @ConfigDescription("How often a replica records that it is alive and renews the leases it holds")
    public ClusterConfig setHeartbeatInterval(Duration heartbeatInterval)
    {
        this.heartbeatInterval = heartbeatInterval;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    @MaxDuration("10m")
    public Duration getReplicaTimeout()
    {
        return replicaTimeout;
    }

    @Config("cluster.replica-timeout")
    @ConfigDescription("A replica silent for this long is dead: its leases and runs are taken over by the others")
    public ClusterConfig setReplicaTimeout(Duration replicaTimeout)
    {
        this.replicaTimeout = replicaTimeout;
        return this;
    }

    @AssertTrue(message = "cluster.replica-timeout must be at least three times cluster.heartbeat-interval, so that one late heartbeat does not end a live replica's leases")
    public boolean isTimeoutLongEnough()
    {
        return replicaTimeout.toMillis() >= 3 * heartbeatInterval.toMillis();
    }
}
