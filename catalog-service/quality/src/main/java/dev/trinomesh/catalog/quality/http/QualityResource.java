package dev.trinomesh.catalog.quality.http;

import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityRun;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.quality.QualityRuns;
import dev.trinomesh.catalog.quality.QualityStore;
import dev.trinomesh.catalog.quality.api.QualityHistory;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
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

import java.util.List;

import static dev.trinomesh.catalog.core.http.QueryParameters.optional;
import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/quality}: runs of products' checks (asked for by their owners), each dataset's health, and the history of
 * results; each read by whoever may see the product ({@code Visibility}), and answered as missing to anyone else.
 */
@Path("/v1/quality")
@Produces(MediaType.APPLICATION_JSON)
public class QualityResource
{
    private static final int DEFAULT_RESULT_LIMIT = 100;

    private final QualityRuns runs;
    private final QualityStore store;
    private final QualityHistory history;
    private final ProductCatalog registry;
    private final Visibility visibility;

    @Inject
    public QualityResource(QualityRuns runs, QualityStore store, QualityHistory history, ProductCatalog registry, Visibility visibility)
    {
        this.runs = requireNonNull(runs, "runs is null");
        this.store = requireNonNull(store, "store is null");
        this.history = requireNonNull(history, "history is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    /** Queues a run (202 with the run); its owners, its domain's owner and governance admins may ask. */
    @POST
    @Path("runs")
    public Response request(@QueryParam("product") String product, @QueryParam("dataset") String dataset, @HeaderParam(RequestUser.HEADER) String user)
    {
        String caller = RequestUser.of(user);
        String name = optional(product).orElseThrow(() -> ServiceException.badRequest("product is required: the product whose checks to run (add dataset=NAME for one dataset)"));
        // Who may ask is decided first: a caller who may not is told so whether or not this service can run checks.
        registry.checkCanOperate(name, caller);
        runs.requireConfigured();
        QualityRun run = runs.request(name, optional(dataset), "manual", caller);
        return Response.accepted(run).build();
    }

    @GET
    @Path("runs/{id}")
    public QualityRun run(@PathParam("id") long id, @HeaderParam(RequestUser.HEADER) String user)
    {
        Viewer viewer = viewer(user);
        return runs.run(id)
                .filter(run -> viewer.canSee(run.product()))
                .orElseThrow(() -> ServiceException.notFound("no quality run %s".formatted(id)));
    }

    @GET
    @Path("status")
    public List<DatasetQuality> status(@QueryParam("product") String product, @HeaderParam(RequestUser.HEADER) String user)
    {
        Viewer viewer = viewer(user);
        return store.status(optional(product)).stream().filter(health -> viewer.canSee(health.product())).toList();
    }

    @GET
    @Path("results")
    public List<CheckResult> results(
            @QueryParam("product") String product,
            @QueryParam("dataset") String dataset,
            @QueryParam("check") String check,
            @QueryParam("limit") String limit,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        QueryParameters parameters = new QueryParameters();
        int rows = parameters.integer("limit", limit, DEFAULT_RESULT_LIMIT, 1, QualityHistory.MAX_RESULTS);
        parameters.check();
        return history.results(viewer(user), optional(product), optional(dataset), optional(check), rows);
    }

    private Viewer viewer(String user)
    {
        return visibility.viewer(RequestUser.of(user));
    }
}
