package dev.trinomesh.connector;

import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

class TestMeshConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(MeshConfig.class)
                .setRefreshInterval(new Duration(1, SECONDS))
                .setMaxStaleness(new Duration(5, MINUTES)));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of("mesh.metadata.refresh-interval", "250ms", "mesh.metadata.max-staleness", "1h"),
                new MeshConfig()
                        .setRefreshInterval(Duration.valueOf("250ms"))
                        .setMaxStaleness(Duration.valueOf("1h")));
    }
}
