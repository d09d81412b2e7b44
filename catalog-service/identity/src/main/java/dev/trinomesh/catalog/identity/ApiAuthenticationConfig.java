package dev.trinomesh.catalog.identity;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;

import java.util.Optional;

/** How callers of {@code /v1} prove who they are. */
public class ApiAuthenticationConfig
{
    private String tokenFile;

    public Optional<String> getTokenFile()
    {
        return Optional.ofNullable(tokenFile);
    }

    @Config("api.token-file")
    @ConfigDescription("File of USER:sha256:HEX lines (SHA-256 of each user's bearer token); when set, every /v1 request must carry Authorization: Bearer <token>")
    public ApiAuthenticationConfig setTokenFile(String tokenFile)
    {
        this.tokenFile = tokenFile;
        return this;
    }
}
