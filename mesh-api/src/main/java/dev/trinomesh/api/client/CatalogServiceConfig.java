package dev.trinomesh.api.client;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.configuration.DefunctConfig;
import jakarta.validation.constraints.NotNull;

import java.net.URI;

/** Where the plugins find the catalog service, {@code mesh.catalog-service.uri}, and how they prove who they are. */
@DefunctConfig("mesh.catalog-service.user")
public class CatalogServiceConfig
{
    private URI uri;
    private String token;

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

    @NotNull(message = "set mesh.catalog-service.token to this Trino's bearer token for the catalog service (a service token of its api.token-file, or a personal token of the Trinos' principal): the service authenticates every caller")
    public String getToken()
    {
        return token;
    }

    @Config("mesh.catalog-service.token")
    @ConfigSecuritySensitive
    @ConfigDescription("Bearer token of this Trino for the catalog service (its principal must be one of the service's governance.snapshot-readers)")
    public CatalogServiceConfig setToken(String token)
    {
        this.token = token;
        return this;
    }
}
