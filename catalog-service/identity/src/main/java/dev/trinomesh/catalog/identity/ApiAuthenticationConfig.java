package dev.trinomesh.catalog.identity;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.Optional;

import static java.util.concurrent.TimeUnit.DAYS;

/** How callers of {@code /v1} prove who they are: service tokens, personal tokens, passwords, and how long tokens live. */
public class ApiAuthenticationConfig
{
    private String tokenFile;
    private String passwordFile;
    private Duration tokenLifetime = new Duration(30, DAYS);
    private Duration maxTokenLifetime = new Duration(365, DAYS);
    private int maxFailedAttempts = 10;

    public Optional<String> getTokenFile()
    {
        return Optional.ofNullable(tokenFile);
    }

    @Config("api.token-file")
    @ConfigDescription("Service tokens: a file of USER:sha256:HEX lines (the SHA-256 of each token), for the Trino plugins and other services; they do not expire")
    public ApiAuthenticationConfig setTokenFile(String tokenFile)
    {
        this.tokenFile = tokenFile;
        return this;
    }

    public Optional<String> getPasswordFile()
    {
        return Optional.ofNullable(passwordFile);
    }

    @Config("identity.password-file")
    @ConfigDescription("Trino's password file (USER:bcrypt-hash lines); when set, people log in with their Trino password once (POST /v1/auth/login, ./mesh login) for a personal token")
    public ApiAuthenticationConfig setPasswordFile(String passwordFile)
    {
        this.passwordFile = passwordFile;
        return this;
    }

    @NotNull
    @MinDuration("1m")
    public Duration getTokenLifetime()
    {
        return tokenLifetime;
    }

    @Config("identity.token.lifetime")
    @ConfigDescription("How long a personal token lives when its request does not say")
    public ApiAuthenticationConfig setTokenLifetime(Duration tokenLifetime)
    {
        this.tokenLifetime = tokenLifetime;
        return this;
    }

    @NotNull
    @MaxDuration("3650d")
    public Duration getMaxTokenLifetime()
    {
        return maxTokenLifetime;
    }

    @Config("identity.token.max-lifetime")
    @ConfigDescription("The longest a personal token may live")
    public ApiAuthenticationConfig setMaxTokenLifetime(Duration maxTokenLifetime)
    {
        this.maxTokenLifetime = maxTokenLifetime;
        return this;
    }

    @Min(1)
    @Max(10_000)
    public int getMaxFailedAttempts()
    {
        return maxFailedAttempts;
    }

    @Config("identity.max-failed-attempts")
    @ConfigDescription("Failed logins and unknown tokens one client address may send per minute; more are answered 429 until the minute has passed")
    public ApiAuthenticationConfig setMaxFailedAttempts(int maxFailedAttempts)
    {
        this.maxFailedAttempts = maxFailedAttempts;
        return this;
    }

    @AssertTrue(message = "identity.token.lifetime must not be longer than identity.token.max-lifetime")
    public boolean isLifetimeWithinMaximum()
    {
        return tokenLifetime.compareTo(maxTokenLifetime) <= 0;
    }
}
