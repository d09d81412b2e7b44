package dev.trinomesh.catalog.data.mcp;

import dev.trinomesh.catalog.identity.api.WebSessions;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) of the MCP server, public, as MCP clients discover authorization:
 * the resource is {@code /mcp} at the address the request reached, its authorization server the OpenID Connect
 * issuer whose JWTs the service accepts ({@code identity.oidc.issuer}), when one is configured, and tokens go in the
 * {@code Authorization} header. A 401 from {@code /mcp} points here ({@code resource_metadata}). Personal tokens
 * ({@code ./mesh tokens create}) are accepted too; they need no discovery.
 */
@Path(ProtectedResourceMetadataResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class ProtectedResourceMetadataResource
{
    /** The well-known path (RFC 9728, section 3); the one for {@code /mcp} is it followed by {@code /mcp}. */
    public static final String PATH = "/.well-known/oauth-protected-resource";

    private final WebSessions identity;

    @Inject
    public ProtectedResourceMetadataResource(WebSessions identity)
    {
        this.identity = requireNonNull(identity, "identity is null");
    }

    /** For clients that look at the root of the server (as MCP's 2025-03-26 authorization had them do). */
    @GET
    public Map<String, Object> root(@Context UriInfo uri)
    {
        return metadata(uri.getBaseUri());
    }

    @GET
    @Path(MeshMcpServer.ENDPOINT)
    public Map<String, Object> mcp(@Context UriInfo uri)
    {
        return metadata(uri.getBaseUri());
    }

    private Map<String, Object> metadata(URI baseUri)
    {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", baseUri.resolve(MeshMcpServer.ENDPOINT.substring(1)).toString());
        Optional<URI> issuer = identity.oidcIssuer();
        issuer.ifPresent(uri -> metadata.put("authorization_servers", List.of(uri.toString())));
        metadata.put("bearer_methods_supported", List.of("header"));
        metadata.put("resource_name", "Trino mesh data products (MCP)");
        return metadata;
    }
}
