package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.governance.PolicyRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** {@code /v1/users/{user}/attributes}: the values policy templates such as {@code ${user.region}} read. */
@Path("/v1/users/{user}/attributes")
@Produces(MediaType.APPLICATION_JSON)
public class UserAttributesResource
{
    private final PolicyRegistry policies;

    @Inject
    public UserAttributesResource(PolicyRegistry policies)
    {
        this.policies = requireNonNull(policies, "policies is null");
    }

    @GET
    public Map<String, String> get(@PathParam("user") String user, @HeaderParam(RequestUser.HEADER) String caller)
    {
        return policies.attributes(user, RequestUser.of(caller));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> replace(@PathParam("user") String user, Map<String, String> attributes, @HeaderParam(RequestUser.HEADER) String caller)
    {
        if (attributes == null) {
            throw ServiceException.badRequest("send the user's attributes as a JSON object of names and text values, e.g. {\"region\": \"EU\"}; {} removes them all");
        }
        return policies.replaceAttributes(user, attributes, RequestUser.of(caller));
    }
}
