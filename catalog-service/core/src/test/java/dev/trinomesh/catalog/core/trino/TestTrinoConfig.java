package dev.trinomesh.catalog.core.trino;

import com.google.common.collect.ImmutableMap;
import jakarta.validation.constraints.AssertTrue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertDeprecatedEquivalence;
import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.testing.ValidationAssertions.assertFailsValidation;
import static io.airlift.testing.ValidationAssertions.assertValidates;

class TestTrinoConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(TrinoConfig.class)
                .setUri(null)
                .setUser("mesh-service")
                .setPassword(null)
                .setTruststorePath(null));
    }

    @Test
    void explicitProperties()
            throws IOException
    {
        // The trust store must exist: the mapping is validated.
        Path ca = Files.createTempFile("ca", ".pem");
        try {
            assertFullMapping(
                    Map.of(
                            "trino.uri", "https://trino:8443",
                            "trino.user", "catalog",
                            "trino.password", "s3cret",
                            "trino.truststore-path", ca.toString()),
                    new TrinoConfig()
                            .setUri(URI.create("https://trino:8443"))
                            .setUser("catalog")
                            .setPassword("s3cret")
                            .setTruststorePath(ca.toString()));
        }
        finally {
            Files.delete(ca);
        }
    }

    @Test
    void theQualityAreasOldNameStillSetsTheAddress()
    {
        assertDeprecatedEquivalence(TrinoConfig.class,
                ImmutableMap.of("trino.uri", "http://trino:8080"),
                ImmutableMap.of("quality.trino-uri", "http://trino:8080"));
    }

    @Test
    void aPasswordTravelsOnlyOverHttps()
    {
        assertFailsValidation(new TrinoConfig().setUri(URI.create("http://trino:8080")).setPassword("s3cret"),
                "passwordOverTls", "trino.password is sent only over HTTPS: trino.uri must be an https:// address", AssertTrue.class);
        assertValidates(new TrinoConfig().setUri(URI.create("https://trino:8443")).setPassword("s3cret"));
        assertValidates(new TrinoConfig().setUri(URI.create("http://trino:8080")));
    }

    @Test
    void theAddressIsAnHttpAddress()
    {
        assertFailsValidation(new TrinoConfig().setUri(URI.create("jdbc:trino://trino:8080")),
                "uriHttp", "trino.uri must be an http:// or https:// address of the Trino coordinator, e.g. https://trino:8443", AssertTrue.class);
    }

    @Test
    void theTrustStoreIsAReadableFile()
            throws IOException
    {
        Path directory = Files.createTempDirectory("trino-config");
        try {
            assertFailsValidation(new TrinoConfig().setTruststorePath(directory.resolve("missing.pem").toString()),
                    "truststoreReadable", "trino.truststore-path must name a readable PEM file with the CA certificate that signed Trino's HTTPS certificate", AssertTrue.class);
            Path ca = Files.writeString(directory.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
            assertValidates(new TrinoConfig().setTruststorePath(ca.toString()));
            Files.delete(ca);
        }
        finally {
            Files.delete(directory);
        }
    }
}
