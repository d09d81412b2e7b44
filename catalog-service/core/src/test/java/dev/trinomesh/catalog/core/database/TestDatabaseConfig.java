package dev.trinomesh.catalog.core.database;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

class TestDatabaseConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(DatabaseConfig.class)
                .setUrl("jdbc:h2:file:./var/catalog-service/catalog")
                .setUser(null)
                .setPassword(null)
                .setMaxConnections(16));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "database.url", "jdbc:postgresql://db:5432/mesh",
                        "database.user", "mesh",
                        "database.password", "s3cret",
                        "database.max-connections", "40"),
                new DatabaseConfig()
                        .setUrl("jdbc:postgresql://db:5432/mesh")
                        .setUser("mesh")
                        .setPassword("s3cret")
                        .setMaxConnections(40));
    }
}
