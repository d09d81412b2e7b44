package dev.trinomesh.catalog.data.http;

import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.data.DataConfig;
import dev.trinomesh.catalog.data.metrics.MetricAnswer;
import dev.trinomesh.catalog.data.metrics.MetricReads;
import dev.trinomesh.catalog.data.metrics.MetricRequest;
import dev.trinomesh.catalog.identity.api.RequestUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code GET /v1/metrics/{product}/{metric}?by=<dimension>,…&from=&to=&limit=}: a metric's values, read as the caller. */
@Path("/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource
{
    private final MetricReads metrics;
    private final DataConfig config;

    @Inject
    public MetricsResource(MetricReads metrics, DataConfig config)
    {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.config = requireNonNull(config, "config is null");
    }

    @GET
    @Path("{product}/{metric}")
    public MetricAnswer metric(
            @PathParam("product") String product,
            @PathParam("metric") String metric,
            @QueryParam("by") String by,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") String limit,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        QueryParameters parameters = new QueryParameters();
        int rows = parameters.integer("limit", limit, config.getPageMaxRows(), 1, config.getPageMaxRows());
        parameters.check();
        List<String> dimensions = by == null || by.isBlank() ? List.of() : Arrays.stream(by.split(",")).map(String::strip).toList();
        return metrics.read(RequestUser.of(user), Door.API, new MetricRequest(product, metric, dimensions, QueryParameters.optional(from), QueryParameters.optional(to), rows));
    }
}
