package dev.trinomesh.catalog.identity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

class TestMetricsAccessConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(MetricsAccessConfig.class)
                .setMetricsPublic(false)
                .setReaders(List.of()));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "metrics.public", "true",
                        "metrics.readers", "user:prometheus,group:sre"),
                new MetricsAccessConfig()
                        .setMetricsPublic(true)
                        .setReaders(List.of("user:prometheus", "group:sre")));
    }
}
