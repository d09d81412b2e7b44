package dev.trinomesh.catalog.lake.http;

import dev.trinomesh.api.model.DatasetFreshness;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.lake.api.LakeActivity;
import dev.trinomesh.catalog.registry.api.Visibility;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/lake}: what happened in the lake (commits, accepted and refused) and how fresh its datasets are. A person
 * sees the commits in the lake namespaces of products they may see, and those products' freshness; a namespace that
 * belongs to no product only governance admins and the Trinos.
 */
@Path("/v1/lake")
@Produces(MediaType.APPLICATION_JSON)
public class LakeResource
{
    private final LakeActivity activity;
    private final Visibility visibility;

    @Inject
    public LakeResource(LakeActivity activity, Visibility visibility)
    {
        this.activity = requireNonNull(activity, "activity is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    @GET
    @Path("commits")
    public List<LakeCommit> commits(
            @QueryParam("namespace") String namespace,
            @QueryParam("table") String table,
            @QueryParam("outcome") String outcome,
            @QueryParam("limit") String limit,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        QueryParameters parameters = new QueryParameters();
        if (outcome != null && !Set.of("accepted", "refused").contains(outcome)) {
            parameters.violation("outcome", outcome, "must be accepted or refused");
        }
        int rows = parameters.integer("limit", limit, 100, 1, LakeActivity.MAX_COMMITS);
        parameters.check();
        return activity.commits(visibility.viewer(RequestUser.of(user)), Optional.ofNullable(namespace), Optional.ofNullable(table), Optional.ofNullable(outcome), rows);
    }

    @GET
    @Path("freshness")
    public List<DatasetFreshness> freshness(@QueryParam("product") String product, @HeaderParam(RequestUser.HEADER) String user)
    {
        return activity.freshness(visibility.viewer(RequestUser.of(user)), Optional.ofNullable(product));
    }
}
