package dev.trinomesh.catalog.lineage;

import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

class TestLineageConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(LineageConfig.class)
                .setProducers(List.of())
                .setMeshCatalog("mesh")
                .setTrinoNamespace("trino")
                .setMaxWalkNodes(10_000)
                .setRollupInterval(new Duration(30, SECONDS)));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "lineage.producers", "user:spark,group:airflow",
                        "lineage.mesh-catalog", "products",
                        "lineage.trino-namespace", "trino://prod",
                        "lineage.max-walk-nodes", "500",
                        "lineage.rollup-interval", "5m"),
                new LineageConfig()
                        .setProducers(List.of("user:spark", "group:airflow"))
                        .setMeshCatalog("products")
                        .setTrinoNamespace("trino://prod")
                        .setMaxWalkNodes(500)
                        .setRollupInterval(new Duration(5, MINUTES)));
    }
}
