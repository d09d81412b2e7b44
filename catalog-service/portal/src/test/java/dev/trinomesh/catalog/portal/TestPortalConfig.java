package dev.trinomesh.catalog.portal;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.KILOBYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

class TestPortalConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(PortalConfig.class)
                .setSessionLifetime(new Duration(12, HOURS))
                .setRequireHttps(true)
                .setPreviewMaxRows(100)
                .setPreviewMaxBytes(DataSize.of(1, MEGABYTE))
                .setPreviewMaxCellChars(1000)
                .setPreviewTimeout(new Duration(20, SECONDS))
                .setProfileSampleRows(100_000)
                .setProfileTimeout(new Duration(30, SECONDS))
                .setMaxConcurrentQueriesPerUser(2)
                .setMeshCatalog("mesh")
                .setOidcClientId(null)
                .setOidcClientSecret(null)
                .setOidcScopes("openid"));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                ImmutableMap.<String, String>builder()
                        .put("portal.session.lifetime", "30m")
                        .put("portal.require-https", "false")
                        .put("portal.preview.max-rows", "20")
                        .put("portal.preview.max-bytes", "64kB")
                        .put("portal.preview.max-cell-chars", "200")
                        .put("portal.preview.timeout", "5s")
                        .put("portal.profile.sample-rows", "5000")
                        .put("portal.profile.timeout", "1m")
                        .put("portal.max-concurrent-queries-per-user", "4")
                        .put("portal.mesh-catalog", "products")
                        .put("portal.oidc.client-id", "mesh-portal")
                        .put("portal.oidc.client-secret", "s3cret")
                        .put("portal.oidc.scopes", "openid profile")
                        .buildOrThrow(),
                new PortalConfig()
                        .setSessionLifetime(new Duration(30, MINUTES))
                        .setRequireHttps(false)
                        .setPreviewMaxRows(20)
                        .setPreviewMaxBytes(DataSize.of(64, KILOBYTE))
                        .setPreviewMaxCellChars(200)
                        .setPreviewTimeout(new Duration(5, SECONDS))
                        .setProfileSampleRows(5000)
                        .setProfileTimeout(new Duration(1, MINUTES))
                        .setMaxConcurrentQueriesPerUser(4)
                        .setMeshCatalog("products")
                        .setOidcClientId("mesh-portal")
                        .setOidcClientSecret("s3cret")
                        .setOidcScopes("openid profile"));
    }
}
