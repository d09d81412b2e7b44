package dev.trinomesh.catalog.identity;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

class TestOidcConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(OidcConfig.class)
                .setIssuer(null)
                .setJwksUri(null)
                .setAudience("mesh")
                .setPrincipalClaim("sub"));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "identity.oidc.issuer", "https://idp.example.com/realms/mesh",
                        "identity.oidc.jwks-uri", "https://idp.example.com/realms/mesh/certs",
                        "identity.oidc.audience", "catalog",
                        "identity.oidc.principal-claim", "preferred_username"),
                new OidcConfig()
                        .setIssuer(URI.create("https://idp.example.com/realms/mesh"))
                        .setJwksUri(URI.create("https://idp.example.com/realms/mesh/certs"))
                        .setAudience("catalog")
                        .setPrincipalClaim("preferred_username"));
    }
}
