package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.api.model.PipelineApplyResult;
import dev.trinomesh.api.model.PipelineRecord;
import dev.trinomesh.catalog.core.http.EntityTag;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.registry.pipeline.PipelineRegistry;
import dev.trinomesh.catalog.registry.pipeline.PipelineVisibility;
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
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/pipelines}: products' pipelines, versioned, written by those who may change their product, read by those
 * {@link PipelineVisibility} allows; any other is answered as a pipeline that does not exist. Their runs are not here.
 */
@Path("/v1/pipelines")
@Produces(MediaType.APPLICATION_JSON)
public class PipelinesResource
{
    private final PipelineRegistry pipelines;
    private final Visibility visibility;

    @Inject
    public PipelinesResource(PipelineRegistry pipelines, Visibility visibility)
    {
        this.pipelines = requireNonNull(pipelines, "pipelines is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    @GET
    public List<PipelineRecord> list(
            @QueryParam("product") String product,
            @QueryParam("includeRemoved") String includeRemoved,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        boolean removed = QueryParameters.flag("includeRemoved", includeRemoved);
        return pipelines.list(viewer(user), Optional.ofNullable(product).filter(value -> !value.isBlank()), removed);
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
        PipelineApplyResult result = pipelines.apply(name, descriptor, EntityTag.parse(ifMatch), QueryParameters.flag("dryRun", dryRun), RequestUser.of(user));
        return ApplyResponses.applied(result.outcome(), result.dryRun(), result.pipeline().revision(), result);
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name, @HeaderParam(RequestUser.HEADER) String user)
    {
        PipelineRecord pipeline = pipelines.pipeline(name, viewer(user));
        return Response.ok(pipeline).tag(String.valueOf(pipeline.revision())).build();
    }

    @DELETE
    @Path("{name}")
    public PipelineRecord remove(
            @PathParam("name") String name,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        return pipelines.remove(name, EntityTag.parse(ifMatch), RequestUser.of(user));
    }

    @GET
    @Path("{name}/revisions")
    public List<PipelineRecord> history(@PathParam("name") String name, @HeaderParam(RequestUser.HEADER) String user)
    {
        return pipelines.history(name, viewer(user));
    }

    @GET
    @Path("{name}/revisions/{revision}")
    public PipelineRecord revision(@PathParam("name") String name, @PathParam("revision") int revision, @HeaderParam(RequestUser.HEADER) String user)
    {
        return pipelines.revision(name, revision, viewer(user));
    }

    private Viewer viewer(String user)
    {
        return visibility.viewer(RequestUser.of(user));
    }
}
