package dev.trinomesh.api.client;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.util.Optional;

/** Where the plugins find the catalog service: {@code mesh.catalog-service.uri}. */
public class CatalogServiceConfig
{
    private URI uri;
    private String token;
    private String user = "trino";

    @NotNull(message = "set mesh.catalog-service.uri to the catalog service's base URI, e.g. http://127.0.0.1:8181")
    public URI getUri()
    {
        return uri;
    }

    @Config("mesh.catalog-service.uri")
    @ConfigDescription("Base URI of the mesh catalog service, e.g. http://127.0.0.1:8181")
    public CatalogServiceConfig setUri(URI uri)
    {
        this.uri = uri;
        return this;
    }

    public Optional<String> getToken()
    {
        return Optional.ofNullable(token);
    }

    @Config("mesh.catalog-service.token")
    @ConfigSecuritySensitive
    @ConfigDescription("Bearer token for the catalog service, when it requires one (api.token-file)")
    public CatalogServiceConfig setToken(String token)
    {
        this.token = token;
        return this;
    }

    @NotNull
    public String getUser()
    {
        return user;
    }

    @Config("mesh.catalog-service.user")
    @ConfigDescription("Who this Trino is to the catalog service (X-Mesh-User), when it does not require tokens; with a token, the token's user")
    public CatalogServiceConfig setUser(String user)
    {
        this.user = user;
        return this;
    }
}
