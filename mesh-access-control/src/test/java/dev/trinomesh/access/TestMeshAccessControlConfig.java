package dev.trinomesh.access;

import io.airlift.units.Duration;
import jakarta.validation.constraints.AssertTrue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.testing.ValidationAssertions.assertFailsValidation;
import static io.airlift.testing.ValidationAssertions.assertValidates;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

class TestMeshAccessControlConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(MeshAccessControlConfig.class)
                .setAdmins(List.of("user:admin"))
                .setImpersonators(List.of())
                .setUnfilteredReaders(List.of())
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
                        "mesh.impersonators", "user:mesh-service",
                        "mesh.unfiltered-readers", "user:mesh-quality, group:auditors",
                        "mesh.catalog-name", "products",
                        "mesh.lake-catalog-name", "iceberg",
                        "mesh.governance.max-staleness", "30s",
                        "mesh.governance.poll-wait", "2s",
                        "mesh.discovery.list-restricted-products", "true"),
                new MeshAccessControlConfig()
                        .setAdmins(List.of("user:root", "group:platform"))
                        .setImpersonators(List.of("user:mesh-service"))
                        .setUnfilteredReaders(List.of("user:mesh-quality", "group:auditors"))
                        .setMeshCatalog("products")
                        .setLakeCatalog("iceberg")
                        .setMaxStaleness(new Duration(30, SECONDS))
                        .setPollWait(new Duration(2, SECONDS))
                        .setListRestrictedProducts(true));
    }

    @Test
    void impersonatorsAreUsers()
    {
        assertFailsValidation(new MeshAccessControlConfig().setImpersonators(List.of("group:services")),
                "impersonatorsUsers", "mesh.impersonators takes users only (user:NAME): Trino checks impersonation without the signed-in user's groups", AssertTrue.class);
        assertFailsValidation(new MeshAccessControlConfig().setImpersonators(List.of("mesh-service")),
                "impersonatorsUsers", "mesh.impersonators takes users only (user:NAME): Trino checks impersonation without the signed-in user's groups", AssertTrue.class);
        assertValidates(new MeshAccessControlConfig().setImpersonators(List.of("user:mesh-service")));
    }

    @Test
    void unfilteredReadersArePeople()
    {
        assertFailsValidation(new MeshAccessControlConfig().setUnfilteredReaders(List.of("product:orders")),
                "unfilteredReadersPeople", "mesh.unfiltered-readers takes users and groups only (user:NAME, group:NAME), never a product identity", AssertTrue.class);
        assertValidates(new MeshAccessControlConfig().setUnfilteredReaders(List.of("user:mesh-quality", "group:auditors")));
    }
}
