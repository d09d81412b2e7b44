package dev.trinomesh.catalog.identity;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

class TestApiAuthenticationConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(ApiAuthenticationConfig.class).setTokenFile(null));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(Map.of("api.token-file", "/etc/catalog-service/api-tokens"), new ApiAuthenticationConfig().setTokenFile("/etc/catalog-service/api-tokens"));
    }
}
