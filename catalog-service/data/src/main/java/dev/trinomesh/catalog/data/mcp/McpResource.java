package dev.trinomesh.catalog.data.mcp;

import dev.trinomesh.catalog.identity.api.RequestUser;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.io.InputStream;

import static java.util.Objects.requireNonNull;

/**
 * {@code /mcp}: the MCP server's Streamable HTTP endpoint, a JAX-RS resource like every route of the service, so that
 * the service's authentication filter proves the caller (a bearer token) before the transport sees the request. The
 * transport answers GET and DELETE with 405: it is stateless, with no event stream and no session.
 */
@Path(MeshMcpServer.ENDPOINT)
public class McpResource
{
    private final MeshMcpServer server;

    @Inject
    public McpResource(MeshMcpServer server)
    {
        this.server = requireNonNull(server, "server is null");
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response post(
            InputStream body,
            @HeaderParam(RequestUser.HEADER) String user,
            @Context HttpServletRequest request,
            @Context HttpServletResponse response,
            @Context UriInfo uri)
            throws IOException
    {
        return server.serve(request, response, body, RequestUser.of(user), uri.getBaseUri());
    }

    @GET
    public Response get(@HeaderParam(RequestUser.HEADER) String user, @Context HttpServletRequest request, @Context HttpServletResponse response, @Context UriInfo uri)
            throws IOException
    {
        return server.serve(request, response, InputStream.nullInputStream(), RequestUser.of(user), uri.getBaseUri());
    }

    @DELETE
    public Response delete(@HeaderParam(RequestUser.HEADER) String user, @Context HttpServletRequest request, @Context HttpServletResponse response, @Context UriInfo uri)
            throws IOException
    {
        return server.serve(request, response, InputStream.nullInputStream(), RequestUser.of(user), uri.getBaseUri());
    }
}
