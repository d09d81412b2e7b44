package dev.trinomesh.lineage;

import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import jakarta.validation.constraints.Max;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.testing.ValidationAssertions.assertFailsValidation;
import static io.airlift.testing.ValidationAssertions.assertValidates;
import static io.airlift.units.DataSize.Unit.GIGABYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

class TestMeshLineageConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(MeshLineageConfig.class)
                .setNamespace("trino")
                .setQueueCapacity(10_000)
                .setBatchSize(500)
                .setBatchLinger(new Duration(200, MILLISECONDS))
                .setRetryInitialDelay(new Duration(1, SECONDS))
                .setRetryMaxDelay(new Duration(1, MINUTES))
                .setSpoolDir("var/mesh-lineage-spool")
                .setSpoolMaxSize(DataSize.of(1, GIGABYTE))
                .setSpoolFullPolicy(SpoolFullPolicy.DROP_NEWEST)
                .setShutdownTimeout(new Duration(10, SECONDS))
                .setIgnoredCatalogs(List.of("system"))
                .setIgnoredSchemas(List.of("information_schema"))
                .setForwardUris(List.of())
                .setForwardApiKey(null));
    }

    @Test
    void explicitProperties()
    {
        Map<String, String> properties = Map.ofEntries(
                Map.entry("mesh.lineage.namespace", "trino-prod"),
                Map.entry("mesh.lineage.queue-capacity", "500"),
                Map.entry("mesh.lineage.batch-size", "50"),
                Map.entry("mesh.lineage.batch-linger", "1s"),
                Map.entry("mesh.lineage.retry-initial-delay", "100ms"),
                Map.entry("mesh.lineage.retry-max-delay", "30s"),
                Map.entry("mesh.lineage.spool-dir", "/var/spool/lineage"),
                Map.entry("mesh.lineage.spool-max-size", "64MB"),
                Map.entry("mesh.lineage.spool-full-policy", "drop-oldest"),
                Map.entry("mesh.lineage.shutdown-timeout", "3s"),
                Map.entry("mesh.lineage.ignored-catalogs", "system, jmx"),
                Map.entry("mesh.lineage.ignored-schemas", "information_schema, metadata"),
                Map.entry("mesh.lineage.forward.uris", "http://marquez:5000/api/v1/lineage, https://datahub/openapi/openlineage/api/v1/lineage"),
                Map.entry("mesh.lineage.forward.api-key", "secret"));
        MeshLineageConfig expected = new MeshLineageConfig()
                .setNamespace("trino-prod")
                .setQueueCapacity(500)
                .setBatchSize(50)
                .setBatchLinger(new Duration(1, SECONDS))
                .setRetryInitialDelay(new Duration(100, MILLISECONDS))
                .setRetryMaxDelay(new Duration(30, SECONDS))
                .setSpoolDir("/var/spool/lineage")
                .setSpoolMaxSize(DataSize.of(64, MEGABYTE))
                .setSpoolFullPolicy(SpoolFullPolicy.DROP_OLDEST)
                .setShutdownTimeout(new Duration(3, SECONDS))
                .setIgnoredCatalogs(List.of("system", "jmx"))
                .setIgnoredSchemas(List.of("information_schema", "metadata"))
                .setForwardUris(List.of("http://marquez:5000/api/v1/lineage", "https://datahub/openapi/openlineage/api/v1/lineage"))
                .setForwardApiKey("secret");
        assertFullMapping(properties, expected);
    }

    @Test
    void forwardUrisAreValidated()
    {
        assertThat(new MeshLineageConfig().setForwardUris(List.of("http://marquez:5000/api/v1/lineage")).isForwardUrisValid()).isTrue();
        assertThat(new MeshLineageConfig().setForwardUris(List.of("marquez:5000")).isForwardUrisValid()).isFalse();
        assertThat(new MeshLineageConfig().setForwardUris(List.of("ftp://marquez/x")).isForwardUrisValid()).isFalse();
        assertThat(new MeshLineageConfig().setForwardUris(List.of("http://a/x", "http://a/x")).isForwardUrisValid()).isFalse();
        assertThat(new MeshLineageConfig().setForwardUris(List.of("http://a/x", " ")).getForwardUriList()).containsExactly(URI.create("http://a/x"));
        assertThat(new MeshLineageConfig().setRetryInitialDelay(new Duration(2, MINUTES)).isRetryDelaysOrdered()).isFalse();
    }

    @Test
    void aBatchLargerThanTheLineageStoreTakesIsRefused()
    {
        assertFailsValidation(new MeshLineageConfig().setBatchSize(5_001), "batchSize", "must be less than or equal to 5000", Max.class);
        assertValidates(new MeshLineageConfig().setBatchSize(5_000));
    }
}
