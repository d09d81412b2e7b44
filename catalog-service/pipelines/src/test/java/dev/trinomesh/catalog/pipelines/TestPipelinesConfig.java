package dev.trinomesh.catalog.pipelines;

import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

class TestPipelinesConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(PipelinesConfig.class)
                .setMaxConcurrentRuns(2)
                .setPollInterval(new Duration(250, MILLISECONDS))
                .setStagedRetention(new Duration(7, DAYS)));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "pipelines.max-concurrent-runs", "4",
                        "pipelines.poll-interval", "1s",
                        "pipelines.staged-retention", "12h"),
                new PipelinesConfig()
                        .setMaxConcurrentRuns(4)
                        .setPollInterval(new Duration(1, SECONDS))
                        .setStagedRetention(new Duration(12, HOURS)));
    }
}
