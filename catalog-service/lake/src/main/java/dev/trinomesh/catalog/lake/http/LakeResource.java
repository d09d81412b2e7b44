package dev.trinomesh.catalog.lake.http;

import dev.trinomesh.api.model.DatasetFreshness;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.lake.CommitLog;
import dev.trinomesh.catalog.lake.Freshness;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** {@code /v1/lake}: what happened in the lake (commits, accepted and refused) and how fresh its datasets are. */
@Path("/v1/lake")
@Produces(MediaType.APPLICATION_JSON)
public class LakeResource
{
    private final CommitLog commitLog;
    private final Freshness freshness;

    @Inject
    public LakeResource(CommitLog commitLog, Freshness freshness)
    {
        this.commitLog = requireNonNull(commitLog, "commitLog is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
    }

    @GET
    @Path("commits")
    public List<LakeCommit> commits(
            @QueryParam("namespace") String namespace,
            @QueryParam("table") String table,
            @QueryParam("outcome") String outcome,
            @QueryParam("limit") String limit)
    {
        QueryParameters parameters = new QueryParameters();
        if (outcome != null && !Set.of("accepted", "refused").contains(outcome)) {
            parameters.violation("outcome", outcome, "must be accepted or refused");
        }
        int rows = parameters.integer("limit", limit, 100, 1, 10_000);
        parameters.check();
        return commitLog.commits(Optional.ofNullable(namespace), Optional.ofNullable(table), Optional.ofNullable(outcome), rows);
    }

    @GET
    @Path("freshness")
    public List<DatasetFreshness> freshness(@QueryParam("product") String product)
    {
        return freshness.datasets(Optional.ofNullable(product));
    }
}
