package dev.trinomesh.catalog.core.cluster;

import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

class TestClusterConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(ClusterConfig.class)
                .setHeartbeatInterval(new Duration(1, SECONDS))
                .setReplicaTimeout(new Duration(10, SECONDS)));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "cluster.heartbeat-interval", "500ms",
                        "cluster.replica-timeout", "3s"),
                new ClusterConfig()
                        .setHeartbeatInterval(new Duration(500, MILLISECONDS))
                        .setReplicaTimeout(new Duration(3, SECONDS)));
    }

    @Test
    void timeoutCoversSeveralHeartbeats()
    {
        assertThat(new ClusterConfig().setHeartbeatInterval(new Duration(2, SECONDS)).setReplicaTimeout(new Duration(5, SECONDS)).isTimeoutLongEnough()).isFalse();
        assertThat(new ClusterConfig().setHeartbeatInterval(new Duration(1, SECONDS)).setReplicaTimeout(new Duration(3, SECONDS)).isTimeoutLongEnough()).isTrue();
    }
}
