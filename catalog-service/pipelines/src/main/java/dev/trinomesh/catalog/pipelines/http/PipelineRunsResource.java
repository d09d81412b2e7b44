package dev.trinomesh.catalog.pipelines.http;

import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.api.model.PipelineRun.Status;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.pipelines.run.RunQueue;
import dev.trinomesh.catalog.pipelines.run.RunStore;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static dev.trinomesh.catalog.core.http.QueryParameters.optional;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * {@code /v1/pipeline-runs}: runs of pipelines, asked for by the owners of their products (a run now, or a backfill of
 * a time window) and read by whoever may see the product; anyone else is answered as if there were none.
 */
@Path("/v1/pipeline-runs")
@Produces(MediaType.APPLICATION_JSON)
public class PipelineRunsResource
{
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 1000;

    private final RunQueue queue;
    private final RunStore store;
    private final Visibility visibility;

    @Inject
    public PipelineRunsResource(RunQueue queue, RunStore store, Visibility visibility)
    {
        this.queue = requireNonNull(queue, "queue is null");
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    /** Queues a run (202 with the run); with {@code from} and {@code to}, a backfill of that window. */
    @POST
    public Response request(@QueryParam("pipeline") String pipeline, @QueryParam("from") String from, @QueryParam("to") String to, @HeaderParam(RequestUser.HEADER) String user)
    {
        QueryParameters parameters = new QueryParameters();
        String name = parameters.required("pipeline", pipeline, "the pipeline to run");
        Optional<Instant> start = parameters.instant("from", from);
        Optional<Instant> end = parameters.instant("to", to);
        parameters.check();
        return Response.accepted(queue.request(name, RequestUser.of(user), start, end)).build();
    }

    @GET
    public List<PipelineRun> list(
            @QueryParam("pipeline") String pipeline,
            @QueryParam("product") String product,
            @QueryParam("status") String status,
            @QueryParam("limit") String limit,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        QueryParameters parameters = new QueryParameters();
        int rows = parameters.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        Optional<Status> wanted = optional(status).flatMap(value -> {
            try {
                return Optional.of(Status.of(value));
            }
            catch (IllegalArgumentException e) {
                parameters.violation("status", value, "must be one of " + Arrays.stream(Status.values()).map(Status::wireName).collect(joining(", ")));
                return Optional.empty();
            }
        });
        parameters.check();
        Viewer viewer = visibility.viewer(RequestUser.of(user));
        Optional<Collection<String>> products;
        if (optional(product).isPresent()) {
            products = Optional.of(viewer.canSee(product) ? List.of(product) : List.of());
        }
        else {
            products = viewer.seesEverything() ? Optional.empty() : Optional.of(viewer.visibleProducts());
        }
        return store.list(optional(pipeline), products, wanted, rows);
    }

    @GET
    @Path("{id}")
    public PipelineRun run(@PathParam("id") String id, @HeaderParam(RequestUser.HEADER) String user)
    {
        Viewer viewer = visibility.viewer(RequestUser.of(user));
        return parseId(id)
                .flatMap(store::details)
                .filter(run -> viewer.canSee(run.product()))
                .orElseThrow(() -> ServiceException.notFound("no pipeline run %s".formatted(id)));
    }

    private static Optional<Long> parseId(String id)
    {
        try {
            return Optional.of(Long.parseLong(id));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
