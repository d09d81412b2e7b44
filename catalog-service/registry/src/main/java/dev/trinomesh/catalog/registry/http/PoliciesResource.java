package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.api.model.PolicyApplyResult;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.catalog.core.http.EntityTag;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.registry.governance.PolicyRegistry;
import dev.trinomesh.catalog.registry.governance.PolicyVisibility;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/policies}: governance policies, versioned, written by those their scope allows, read by those
 * {@link PolicyVisibility} allows; any other is answered as a policy that does not exist.
 */
@Path("/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
public class PoliciesResource
{
    private final PolicyRegistry policies;
    private final Visibility visibility;

    @Inject
    public PoliciesResource(PolicyRegistry policies, Visibility visibility)
    {
        this.policies = requireNonNull(policies, "policies is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    @GET
    public List<PolicyRecord> list(@QueryParam("includeRemoved") String includeRemoved, @HeaderParam(RequestUser.HEADER) String user)
    {
        boolean removed = QueryParameters.flag("includeRemoved", includeRemoved);
        Viewer viewer = viewer(user);
        return policies.list(removed).stream().filter(policy -> PolicyVisibility.canRead(viewer, policy.descriptor())).toList();
    }

    @PUT
    @Path("{name}")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response apply(
            @PathParam("name") String name,
            String descriptor,
            @QueryParam("dryRun") String dryRun,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        PolicyApplyResult result = policies.apply(name, descriptor, EntityTag.parse(ifMatch), QueryParameters.flag("dryRun", dryRun), RequestUser.of(user));
        return ApplyResponses.applied(result.outcome(), result.dryRun(), result.policy().revision(), result);
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name, @HeaderParam(RequestUser.HEADER) String user)
    {
        PolicyRecord policy = policies.policy(name);
        if (!PolicyVisibility.canRead(viewer(user), policy.descriptor())) {
            throw PolicyRegistry.unknownPolicy(name);
        }
        return Response.ok(policy).tag(String.valueOf(policy.revision())).build();
    }

    @DELETE
    @Path("{name}")
    public PolicyRecord remove(
            @PathParam("name") String name,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        return policies.remove(name, EntityTag.parse(ifMatch), RequestUser.of(user));
    }

    @GET
    @Path("{name}/revisions")
    public List<PolicyRecord> history(@PathParam("name") String name, @HeaderParam(RequestUser.HEADER) String user)
    {
        Viewer viewer = viewer(user);
        // Each revision as its reader may read it: an earlier one may have named other products.
        List<PolicyRecord> readable = policies.history(name).stream().filter(policy -> PolicyVisibility.canRead(viewer, policy.descriptor())).toList();
        if (readable.isEmpty()) {
            throw PolicyRegistry.unknownPolicy(name);
        }
        return readable;
    }

    @GET
    @Path("{name}/revisions/{revision}")
    public PolicyRecord revision(@PathParam("name") String name, @PathParam("revision") int revision, @HeaderParam(RequestUser.HEADER) String user)
    {
        PolicyRecord policy = policies.revision(name, revision);
        if (!PolicyVisibility.canRead(viewer(user), policy.descriptor())) {
            throw PolicyRegistry.unknownRevision(name, revision);
        }
        return policy;
    }

    private Viewer viewer(String user)
    {
        return visibility.viewer(RequestUser.of(user));
    }
}
