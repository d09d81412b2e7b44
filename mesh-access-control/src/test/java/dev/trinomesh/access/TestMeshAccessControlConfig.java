package dev.trinomesh.access;

import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

class TestMeshAccessControlConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(MeshAccessControlConfig.class)
                .setAdmins(List.of("user:admin"))
                .setMeshCatalog("mesh")
                .setLakeCatalog("lake")
                .setMaxStaleness(new Duration(5, MINUTES))
                .setPollWait(new Duration(5, SECONDS))
                .setListRestrictedProducts(false));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "mesh.admins", "user:root, group:platform",
                        "mesh.catalog-name", "products",
                        "mesh.lake-catalog-name", "iceberg",
                        "mesh.governance.max-staleness", "30s",
                        "mesh.governance.poll-wait", "2s",
                        "mesh.discovery.list-restricted-products", "true"),
                new MeshAccessControlConfig()
                        .setAdmins(List.of("user:root", "group:platform"))
                        .setMeshCatalog("products")
                        .setLakeCatalog("iceberg")
                        .setMaxStaleness(new Duration(30, SECONDS))
                        .setPollWait(new Duration(2, SECONDS))
                        .setListRestrictedProducts(true));
    }
}
