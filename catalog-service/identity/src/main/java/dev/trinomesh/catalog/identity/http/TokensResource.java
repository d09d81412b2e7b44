package dev.trinomesh.catalog.identity.http;

import dev.trinomesh.api.identity.ApiToken;
import dev.trinomesh.api.identity.NewApiToken;
import dev.trinomesh.api.identity.TokenRequest;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.identity.tokens.Tokens;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

import static dev.trinomesh.catalog.core.http.QueryParameters.optional;
import static java.util.Objects.requireNonNull;

/** {@code /v1/tokens}: personal API tokens, made, listed and revoked by their users and by governance admins. */
@Path("/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource
{
    private final Tokens tokens;

    @Inject
    public TokensResource(Tokens tokens)
    {
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    /** The caller's tokens, or {@code user}'s ({@code *}: everyone's; governance admins only), newest first, never their secrets. */
    @GET
    public List<ApiToken> list(@QueryParam("user") String user, @HeaderParam(RequestUser.HEADER) String caller)
    {
        return tokens.list(optional(user), RequestUser.of(caller));
    }

    /** 201 with the token's secret, shown this once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(TokenRequest request, @HeaderParam(RequestUser.HEADER) String caller)
    {
        TokenRequest asked = request == null ? new TokenRequest(null, null, null) : request;
        NewApiToken token = tokens.create(optional(asked.user()), optional(asked.name()), optional(asked.expiresIn()), RequestUser.of(caller));
        return Response.status(Response.Status.CREATED).entity(token).build();
    }

    /** Revokes a token at once on this replica, within seconds on the others. */
    @DELETE
    @Path("{id}")
    public ApiToken revoke(@PathParam("id") long id, @HeaderParam(RequestUser.HEADER) String caller)
    {
        return tokens.revoke(id, RequestUser.of(caller));
    }
}
