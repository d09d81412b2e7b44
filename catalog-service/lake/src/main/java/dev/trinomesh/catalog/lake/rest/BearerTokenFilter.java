package dev.trinomesh.catalog.lake.rest;

import dev.trinomesh.catalog.lake.LakeConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import org.apache.iceberg.exceptions.NotAuthorizedException;

import java.security.MessageDigest;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Optional bearer-token protection of the REST catalog ({@code lake.rest.auth-token}): Trino sends the
 * token with {@code iceberg.rest-catalog.security=OAUTH2} and {@code iceberg.rest-catalog.oauth2.token}.
 */
public class BearerTokenFilter
        implements ContainerRequestFilter
{
    private final Optional<byte[]> expected;

    @Inject
    public BearerTokenFilter(LakeConfig config)
    {
        this.expected = config.getAuthToken().map(token -> ("Bearer " + token).getBytes(UTF_8));
    }

    @Override
    public void filter(ContainerRequestContext request)
    {
        if (expected.isEmpty() || !request.getUriInfo().getPath().startsWith("iceberg/")) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !MessageDigest.isEqual(expected.orElseThrow(), authorization.getBytes(UTF_8))) {
            request.abortWith(IcebergErrors.toResponse(new NotAuthorizedException(
                    authorization == null ? "this REST catalog requires a bearer token (Authorization: Bearer <token>)" : "the bearer token is not valid for this REST catalog")));
        }
    }
}
