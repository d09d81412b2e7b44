package dev.trinomesh.catalog.server;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

class TestDeploymentConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(DeploymentConfig.class).setQualityEnabled(true).setLineageEnabled(true));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(Map.of("quality.enabled", "false", "lineage.enabled", "false"), new DeploymentConfig().setQualityEnabled(false).setLineageEnabled(false));
    }
}
