package dev.trinomesh.catalog.identity;

import io.airlift.units.Duration;
import jakarta.validation.constraints.AssertTrue;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.testing.ValidationAssertions.assertFailsValidation;
import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.HOURS;

class TestApiAuthenticationConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(ApiAuthenticationConfig.class)
                .setTokenFile(null)
                .setPasswordFile(null)
                .setTokenLifetime(new Duration(30, DAYS))
                .setMaxTokenLifetime(new Duration(365, DAYS))
                .setMaxFailedAttempts(10));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "api.token-file", "/etc/catalog-service/api-tokens",
                        "identity.password-file", "/etc/trino/password.db",
                        "identity.token.lifetime", "12h",
                        "identity.token.max-lifetime", "7d",
                        "identity.max-failed-attempts", "3"),
                new ApiAuthenticationConfig()
                        .setTokenFile("/etc/catalog-service/api-tokens")
                        .setPasswordFile("/etc/trino/password.db")
                        .setTokenLifetime(new Duration(12, HOURS))
                        .setMaxTokenLifetime(new Duration(7, DAYS))
                        .setMaxFailedAttempts(3));
    }

    @Test
    void aDefaultLifetimeLongerThanTheMaximumIsRefused()
    {
        assertFailsValidation(new ApiAuthenticationConfig().setTokenLifetime(new Duration(8, DAYS)).setMaxTokenLifetime(new Duration(7, DAYS)),
                "lifetimeWithinMaximum", "identity.token.lifetime must not be longer than identity.token.max-lifetime", AssertTrue.class);
    }
}
