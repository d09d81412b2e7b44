package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.api.access.AccessDecision;
import dev.trinomesh.api.access.AccessRequest;
import dev.trinomesh.api.access.AccessRequestStatus;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.api.AccessRequests;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Optional;

import static dev.trinomesh.catalog.core.http.QueryParameters.optional;
import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/access-requests}: the requests a person may see (their own, and those they decide on), and the decisions.
 * Requests are made at {@code /v1/products/{name}/access-requests} ({@link ProductAccessRequestsResource}).
 */
@Path("/v1/access-requests")
@Produces(MediaType.APPLICATION_JSON)
public class AccessRequestsResource
{
    private final AccessRequests accessRequests;

    @Inject
    public AccessRequestsResource(AccessRequests accessRequests)
    {
        this.accessRequests = requireNonNull(accessRequests, "accessRequests is null");
    }

    @GET
    public List<AccessRequest> list(
            @QueryParam("product") String product,
            @QueryParam("status") String status,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        QueryParameters parameters = new QueryParameters();
        Optional<AccessRequestStatus> statusFilter = optional(status).flatMap(value -> {
            Optional<AccessRequestStatus> parsed = AccessRequestStatus.parse(value);
            if (parsed.isEmpty()) {
                parameters.violation("status", value, "must be one of " + AccessRequestStatus.allWireNames());
            }
            return parsed;
        });
        parameters.check();
        return accessRequests.list(optional(product), statusFilter, RequestUser.of(user));
    }

    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    public AccessRequest approve(@PathParam("id") long id, AccessDecision decision, @HeaderParam(RequestUser.HEADER) String user)
    {
        return accessRequests.approve(id, note(decision), RequestUser.of(user));
    }

    @POST
    @Path("{id}/deny")
    @Consumes(MediaType.APPLICATION_JSON)
    public AccessRequest deny(@PathParam("id") long id, AccessDecision decision, @HeaderParam(RequestUser.HEADER) String user)
    {
        return accessRequests.deny(id, note(decision), RequestUser.of(user));
    }

    private static Optional<String> note(AccessDecision decision)
    {
        return decision == null ? Optional.empty() : Optional.ofNullable(decision.note());
    }
}
