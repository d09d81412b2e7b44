package dev.trinomesh.catalog.identity.authentication;

import com.google.common.io.ByteStreams;
import dev.trinomesh.api.model.ApiError;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.RequestPaths;
import dev.trinomesh.catalog.identity.MetricsAccessConfig;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.identity.api.RequestUser;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Authenticates every request but the portal's pages (the API's {@code /v1}, {@code /api/v1} and {@code /iceberg},
 * and whatever else a client asks for) by its bearer token (a personal token, a JWT of the configured issuer, or a
 * service token); the public exceptions are the descriptors' JSON Schemas, the password login and the MCP server's
 * protected resource metadata (RFC 9728), which a 401 from {@code /mcp} points its client to, and {@code /metrics} when
 * {@code metrics.public} is set (otherwise it is read only by governance admins, snapshot readers and
 * {@code metrics.readers}: its counts tell how busy the mesh is). Paths are read as
 * the resources are matched (without matrix parameters or empty segments), so {@code /v1;x/products} is no way around. The proven user becomes the request's principal and its {@code X-Mesh-User}, which the
 * resources read: a client's own {@code X-Mesh-User} is removed from every request, so no caller can name itself.
 * Failed attempts are counted per client address and, past {@code identity.max-failed-attempts} a minute, refused
 * (429) until the minute has passed. A Trino may read for the person running a query ({@link OnBehalfOf}): the request
 * is then answered as that person's. Refusals on {@code /iceberg} have the Iceberg REST protocol's error shape.
 */
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthenticationFilter
        implements ContainerRequestFilter
{
    private static final long MAX_DISCARDED_BYTES = 1024 * 1024;
    private static final String USER_HEADER = RequestUser.HEADER;
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;
    /** The data area's MCP server, and its OAuth 2.0 protected resource metadata (RFC 9728), as paths are read here. */
    private static final String MCP = "mcp";
    private static final String PROTECTED_RESOURCE_METADATA = ".well-known/oauth-protected-resource";
    /** Airlift's OpenMetrics resource, as paths are read here. */
    private static final String METRICS = "metrics";

    private final Authenticators authenticators;
    private final FailedAttempts failedAttempts;
    private final OnBehalfOf onBehalfOf;
    private final Callers callers;
    private final MetricsAccessConfig metricsAccess;

    @Context
    private HttpServletRequest servletRequest;

    @Inject
    public ApiAuthenticationFilter(Authenticators authenticators, FailedAttempts failedAttempts, OnBehalfOf onBehalfOf, Callers callers, MetricsAccessConfig metricsAccess)
    {
        this.callers = requireNonNull(callers, "callers is null");
        this.metricsAccess = requireNonNull(metricsAccess, "metricsAccess is null");
        this.authenticators = requireNonNull(authenticators, "authenticators is null");
        this.failedAttempts = requireNonNull(failedAttempts, "failedAttempts is null");
        this.onBehalfOf = requireNonNull(onBehalfOf, "onBehalfOf is null");
    }

    @Override
    public void filter(ContainerRequestContext request)
    {
        request.getHeaders().remove(USER_HEADER);
        String path = RequestPaths.of(request.getUriInfo());
        boolean iceberg = isIceberg(path);
        // Fail closed: every route but the portal's pages (which sign people in by their session) and the few public
        // ones needs a bearer token, whatever its path looks like.
        if (isPortal(path) || isPublic(request.getMethod(), path) || (metricsAccess.isMetricsPublic() && path.equals(METRICS))) {
            return;
        }
        String client = client();
        long retryAfter = failedAttempts.retryAfterSeconds(client);
        if (retryAfter > 0) {
            abort(request, error(iceberg, 429, "TooManyRequests", "too many failed attempts to authenticate from %s; try again in %s s".formatted(client, retryAfter))
                    .header(HttpHeaders.RETRY_AFTER, retryAfter)
                    .build());
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            abort(request, unauthorized(request, iceberg, iceberg
                    ? "this Iceberg REST catalog requires a bearer token: set the catalog property token to a mesh API token (./mesh tokens create), or oauth2-server-uri and credential for the service's OpenID Connect issuer"
                    : "this catalog service requires a bearer token: send Authorization: Bearer <token> (the CLI: ./mesh login, or --token-file, MESH_TOKEN_FILE, MESH_TOKEN; the Trino plugins: mesh.catalog-service.token; or a JWT of the service's OpenID Connect issuer)"));
            return;
        }
        String token = authorization.substring(7).strip();
        Optional<Authentication> authentication;
        try {
            if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
                throw new AuthenticationFailure("the bearer token is empty or longer than %s characters".formatted(MAX_TOKEN_LENGTH));
            }
            authentication = authenticators.authenticate(token);
        }
        catch (AuthenticationFailure e) {
            failedAttempts.failed(client);
            abort(request, unauthorized(request, iceberg, e.getMessage()));
            return;
        }
        catch (ServiceException e) {
            abort(request, iceberg
                    ? error(true, e.status(), e.toApiError().error(), e.getMessage()).build()
                    : Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e.toApiError()).build());
            return;
        }
        if (authentication.isEmpty()) {
            failedAttempts.failed(client);
            abort(request, unauthorized(request, iceberg, "the bearer token is not valid for this catalog service"));
            return;
        }
        Authentication caller = authentication.orElseThrow();
        // A name the service could not record (e.g. an issuer's over-long claim) is no caller of this service.
        if (caller.user().isBlank() || caller.user().length() > RequestUser.MAX_LENGTH) {
            abort(request, unauthorized(request, iceberg, "the token's user name is %s characters; this service takes names of 1 to %s".formatted(caller.user().length(), RequestUser.MAX_LENGTH)));
            return;
        }
        String user = caller.user();
        String person = request.getHeaderString(RequestUser.ON_BEHALF_OF);
        if (person != null) {
            try {
                user = onBehalfOf.user(caller.user(), request.getMethod(), isApi(path), person);
            }
            catch (OnBehalfOf.Refusal e) {
                abort(request, error(iceberg, e.status(), iceberg && e.status() == 403 ? "ForbiddenException" : e.error(), e.getMessage()).build());
                return;
            }
        }
        if (path.equals(METRICS) && !mayReadMetrics(user)) {
            abort(request, error(false, 403, "Forbidden", "only governance admins, governance.snapshot-readers and metrics.readers may read the metrics (or set metrics.public=true)").build());
            return;
        }
        request.getHeaders().put(USER_HEADER, List.of(user));
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext()
        {
            @Override
            public Principal getUserPrincipal()
            {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role)
            {
                return false;
            }

            @Override
            public boolean isSecure()
            {
                return secure;
            }

            @Override
            public String getAuthenticationScheme()
            {
                return "Bearer";
            }
        });
    }

    private boolean mayReadMetrics(String user)
    {
        Caller caller = callers.resolve(user);
        return callers.isAdminOrSnapshotReader(caller) || caller.isAny(metricsAccess.getReaders());
    }

    /** {@code /v1}, and {@code /api/v1/lineage}, where OpenLineage transports post (their api_key auth sends a bearer token). */
    private static boolean isApi(String path)
    {
        return path.startsWith("v1/") || path.equals("v1") || path.startsWith("api/v1/") || path.equals("api/v1");
    }

    /** The portal's pages and the root, which redirects to them: the portal's session filter signs those requests in. */
    private static boolean isPortal(String path)
    {
        return path.isEmpty() || path.equals("portal") || path.startsWith("portal/");
    }

    /** The lake's Iceberg REST catalog, for Trino's Iceberg connector and other engines. */
    private static boolean isIceberg(String path)
    {
        return path.startsWith("iceberg/") || path.equals("iceberg");
    }

    /**
     * The descriptors' JSON Schemas (for editors), the password login (the password is its credential), the MCP
     * server's protected resource metadata, which tells a client without a token where to get one, and the health
     * checks of load balancers and supervisors, which tell only up or down.
     */
    private static boolean isPublic(String method, String path)
    {
        return (method.equals("GET") && path.startsWith("v1/schemas/"))
                || (method.equals("GET") && (path.equals("v1/health/live") || path.equals("v1/health/ready")))
                || (method.equals("POST") && path.equals("v1/auth/login"))
                || (method.equals("GET") && (path.equals(PROTECTED_RESOURCE_METADATA) || path.equals(PROTECTED_RESOURCE_METADATA + "/" + MCP)));
    }

    private String client()
    {
        return FailedAttempts.client(servletRequest);
    }

    private static void abort(ContainerRequestContext request, Response refusal)
    {
        if (!request.hasEntity()) {
            request.abortWith(refusal);
            return;
        }
        // A refused request's body is read only up to a bound, and the connection then closes: telling the client so
        // keeps it from sending its next request on it. What is read first keeps the closing socket from resetting
        // the connection under a client still sending a modest body, which would lose the refusal itself.
        discard(request.getEntityStream());
        request.abortWith(Response.fromResponse(refusal).header("Connection", "close").build());
    }

    private static void discard(InputStream body)
    {
        try {
            ByteStreams.exhaust(ByteStreams.limit(body, MAX_DISCARDED_BYTES));
        }
        catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    /** A 401; on {@code /mcp} its challenge names the metadata (RFC 9728) where an MCP client learns how to get a token. */
    private static Response unauthorized(ContainerRequestContext request, boolean iceberg, String message)
    {
        String challenge = "Bearer";
        if (RequestPaths.of(request.getUriInfo()).equals(MCP)) {
            challenge = "Bearer resource_metadata=\"%s\"".formatted(request.getUriInfo().getBaseUri().resolve(PROTECTED_RESOURCE_METADATA + "/" + MCP));
        }
        return error(iceberg, 401, iceberg ? "NotAuthorizedException" : "Unauthorized", message)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    private static Response.ResponseBuilder error(boolean iceberg, int status, String error, String message)
    {
        Object entity = iceberg
                // The REST specification's ErrorModel, which Iceberg's clients parse into their exceptions.
                ? Map.of("error", Map.of("message", message, "type", error, "code", status))
                : new ApiError(status, error, message, List.of());
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(entity);
    }
}
