package dev.trinomesh.catalog.identity;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.model.ApiError;
import io.airlift.log.Logger;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates {@code /v1} (and {@code /api/v1}) callers by bearer token when {@code api.token-file} is set, and makes the
 * token's user the request's {@code X-Mesh-User}, whatever the caller wrote there: authorization
 * (policy scopes, attributes) then rests on a proven identity. The JSON Schemas stay public.
 */
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthenticationFilter
        implements ContainerRequestFilter
{
    private static final Logger log = Logger.get(ApiAuthenticationFilter.class);
    private static final String USER_HEADER = CatalogServiceClient.USER_HEADER;

    private final Optional<ApiTokens> tokens;

    @Inject
    public ApiAuthenticationFilter(ApiAuthenticationConfig config)
    {
        this.tokens = config.getTokenFile().map(Path::of).map(ApiTokens::load);
        if (tokens.isEmpty()) {
            log.warn("API authentication is off (api.token-file is not set): callers name themselves in %s, and policy writes are authorized by that name; keep this service on a private network", USER_HEADER);
        }
    }

    @Override
    public void filter(ContainerRequestContext request)
    {
        String path = request.getUriInfo().getPath();
        if (tokens.isEmpty() || !isApi(path) || path.startsWith("v1/schemas")) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.abortWith(unauthorized("this catalog service requires a bearer token: send Authorization: Bearer <token> (the CLI: --token-file, MESH_TOKEN_FILE or MESH_TOKEN; the Trino plugins: mesh.catalog-service.token)"));
            return;
        }
        Optional<String> user = tokens.orElseThrow().user(authorization.substring(7).strip());
        if (user.isEmpty()) {
            request.abortWith(unauthorized("the bearer token is not valid for this catalog service"));
            return;
        }
        request.getHeaders().put(USER_HEADER, List.of(user.orElseThrow()));
    }

    /** {@code /v1}, and {@code /api/v1/lineage}, where OpenLineage transports post (their api_key auth sends a bearer token). */
    private static boolean isApi(String path)
    {
        return path.startsWith("v1/") || path.startsWith("api/v1/");
    }

    private static Response unauthorized(String message)
    {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(401, "Unauthorized", message, List.of()))
                .build();
    }
}
