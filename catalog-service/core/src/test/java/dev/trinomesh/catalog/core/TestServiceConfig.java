package dev.trinomesh.catalog.core;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

class TestServiceConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(ServiceConfig.class).setLakeCatalog("lake"));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(Map.of("lake.trino-catalog", "warehouse"), new ServiceConfig().setLakeCatalog("warehouse"));
    }
}
