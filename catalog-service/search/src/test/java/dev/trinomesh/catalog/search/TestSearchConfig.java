package dev.trinomesh.catalog.search;

import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

class TestSearchConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(SearchConfig.class)
                .setRebuildWait(new Duration(1, SECONDS))
                .setExcludedReaders(List.of("mesh-quality")));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "search.rebuild-wait", "250ms",
                        "search.recommendations.excluded-readers", "checks,airflow"),
                new SearchConfig()
                        .setRebuildWait(new Duration(250, MILLISECONDS))
                        .setExcludedReaders(List.of("checks", "airflow")));
    }
}
