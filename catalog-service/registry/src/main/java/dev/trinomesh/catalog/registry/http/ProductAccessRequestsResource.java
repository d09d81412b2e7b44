package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.api.access.AccessRequest;
import dev.trinomesh.api.access.NewAccessRequest;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.api.AccessRequests;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import static java.util.Objects.requireNonNull;

/**
 * {@code POST /v1/products/{name}/access-requests}: a person asks to read a product. Answered alike (202, the request)
 * for every product name, whether it exists, is hidden from the person or not, so that asking tells nothing.
 */
@Path("/v1/products/{name}/access-requests")
@Produces(MediaType.APPLICATION_JSON)
public class ProductAccessRequestsResource
{
    private final AccessRequests accessRequests;

    @Inject
    public ProductAccessRequestsResource(AccessRequests accessRequests)
    {
        this.accessRequests = requireNonNull(accessRequests, "accessRequests is null");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response request(@PathParam("name") String name, NewAccessRequest request, @HeaderParam(RequestUser.HEADER) String user)
    {
        AccessRequest made = accessRequests.request(name, request == null ? null : request.reason(), RequestUser.of(user));
        return Response.accepted(made).build();
    }
}
