package dev.trinomesh.api;

import dev.trinomesh.api.client.CatalogServiceConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

class TestCatalogServiceConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(CatalogServiceConfig.class).setUri(null).setToken(null));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of("mesh.catalog-service.uri", "http://127.0.0.1:8181", "mesh.catalog-service.token", "s3cret"),
                new CatalogServiceConfig().setUri(URI.create("http://127.0.0.1:8181")).setToken("s3cret"));
    }
}
