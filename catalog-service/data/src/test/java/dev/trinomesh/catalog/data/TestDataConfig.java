package dev.trinomesh.catalog.data;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.GIGABYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

class TestDataConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(DataConfig.class)
                .setMeshCatalog("mesh")
                .setPageDefaultRows(100)
                .setPageMaxRows(10_000)
                .setStreamMaxRows(10_000_000)
                .setMaxResponseSize(DataSize.of(2, GIGABYTE))
                .setPageTimeout(new Duration(60, SECONDS))
                .setStreamTimeout(new Duration(30, MINUTES))
                .setMaxConcurrentRequestsPerUser(4)
                .setRequestsPerSecondPerUser(20)
                .setRequestBurstPerUser(40)
                .setCursorLifetime(new Duration(1, HOURS))
                .setCursorKey(null)
                .setMcpMaxRows(200));
    }

    @Test
    void explicitProperties()
    {
        String key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        assertFullMapping(
                ImmutableMap.<String, String>builder()
                        .put("data.mesh-catalog", "products")
                        .put("data.page.default-rows", "50")
                        .put("data.page.max-rows", "500")
                        .put("data.stream.max-rows", "1000000")
                        .put("data.max-response-size", "100MB")
                        .put("data.page.timeout", "10s")
                        .put("data.stream.timeout", "5m")
                        .put("data.max-concurrent-requests-per-user", "2")
                        .put("data.requests-per-second-per-user", "2.5")
                        .put("data.request-burst-per-user", "5")
                        .put("data.cursor.lifetime", "2h")
                        .put("data.cursor.key", key)
                        .put("data.mcp.max-rows", "50")
                        .buildOrThrow(),
                new DataConfig()
                        .setMeshCatalog("products")
                        .setPageDefaultRows(50)
                        .setPageMaxRows(500)
                        .setStreamMaxRows(1_000_000)
                        .setMaxResponseSize(DataSize.of(100, MEGABYTE))
                        .setPageTimeout(new Duration(10, SECONDS))
                        .setStreamTimeout(new Duration(5, MINUTES))
                        .setMaxConcurrentRequestsPerUser(2)
                        .setRequestsPerSecondPerUser(2.5)
                        .setRequestBurstPerUser(5)
                        .setCursorLifetime(new Duration(2, HOURS))
                        .setCursorKey(key)
                        .setMcpMaxRows(50));
    }

    @Test
    void aCursorKeyMustBeLongEnoughBase64()
    {
        assertThat(new DataConfig().setCursorKey("c2hvcnQ=").isCursorKeyValid()).isFalse();
        assertThat(new DataConfig().setCursorKey("not base64!").isCursorKeyValid()).isFalse();
        assertThat(new DataConfig().setRequestsPerSecondPerUser(0).isRateValid()).isFalse();
    }
}
