package dev.trinomesh.catalog.lake.http;

import dev.trinomesh.api.model.DatasetFreshness;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.lake.CommitLog;
import dev.trinomesh.catalog.lake.Freshness;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.registry.api.VisibleRows;
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
    private static final int MAX_COMMITS = 10_000;

    private final CommitLog commitLog;
    private final Freshness freshness;
    private final Visibility visibility;

    @Inject
    public LakeResource(CommitLog commitLog, Freshness freshness, Visibility visibility)
    {
        this.commitLog = requireNonNull(commitLog, "commitLog is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
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
        int rows = parameters.integer("limit", limit, 100, 1, MAX_COMMITS);
        parameters.check();
        Viewer viewer = visibility.viewer(RequestUser.of(user));
        if (viewer.seesEverything()) {
            return commitLog.commits(Optional.ofNullable(namespace), Optional.ofNullable(table), Optional.ofNullable(outcome), rows);
        }
        if ((namespace != null && !viewer.canSeeLakeNamespace(namespace)) || viewer.visibleProducts().isEmpty()) {
            return List.of();
        }
        return VisibleRows.first(
                window -> commitLog.commits(Optional.ofNullable(namespace), Optional.ofNullable(table), Optional.ofNullable(outcome), window),
                commit -> viewer.canSeeLakeNamespace(commit.namespace()),
                rows,
                MAX_COMMITS);
    }

    @GET
    @Path("freshness")
    public List<DatasetFreshness> freshness(@QueryParam("product") String product, @HeaderParam(RequestUser.HEADER) String user)
    {
        Viewer viewer = visibility.viewer(RequestUser.of(user));
        return freshness.datasets(Optional.ofNullable(product)).stream()
                .filter(dataset -> viewer.canSee(dataset.product()))
                .toList();
    }
}
