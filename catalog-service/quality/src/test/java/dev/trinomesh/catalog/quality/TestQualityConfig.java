package dev.trinomesh.catalog.quality;

import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

class TestQualityConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(QualityConfig.class)
                .setTrinoUser("mesh-quality")
                .setQueryTimeout(new Duration(30, MINUTES))
                .setMaxConcurrentRuns(2)
                .setCommitDelay(new Duration(10, SECONDS))
                .setScheduleInterval(new Duration(30, SECONDS)));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "quality.trino-user", "checker",
                        "quality.query-timeout", "5m",
                        "quality.max-concurrent-runs", "4",
                        "quality.commit-delay", "1s",
                        "quality.schedule-interval", "2m"),
                new QualityConfig()
                        .setTrinoUser("checker")
                        .setQueryTimeout(new Duration(5, MINUTES))
                        .setMaxConcurrentRuns(4)
                        .setCommitDelay(new Duration(1, SECONDS))
                        .setScheduleInterval(new Duration(2, MINUTES)));
    }
}
