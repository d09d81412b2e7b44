package dev.trinomesh.catalog.lineage.http;

import dev.trinomesh.api.lineage.AuditEntry;
import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.api.lineage.Impact;
import dev.trinomesh.api.lineage.IngestResult;
import dev.trinomesh.api.lineage.LineageEdge;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.lineage.Direction;
import dev.trinomesh.catalog.lineage.LineageAccess;
import dev.trinomesh.catalog.lineage.LineageGraphs;
import dev.trinomesh.catalog.lineage.LineageHistory;
import dev.trinomesh.catalog.lineage.LineageIngestion;
import dev.trinomesh.catalog.lineage.RunEventReader;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.trinomesh.catalog.core.http.QueryParameters.optional;
import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/lineage}: the lineage store. Writes are OpenLineage run events, singly or in the mesh listener's
 * batches; reads are walks of the graph (upstream, downstream, impact), usage, the audit trail and the edges, each
 * answered as far as the caller may see it (the Trinos may read for the person running a query: X-Mesh-On-Behalf-Of).
 */
@Path("/v1/lineage")
@Produces(MediaType.APPLICATION_JSON)
public class LineageResource
{
    private static final String ROOT = "the dataset to start from, catalog.schema.table for Trino (add column=NAME for a column)";
    static final int DEFAULT_DEPTH = 5;
    static final int MAX_DEPTH = 20;
    static final int DEFAULT_AUDIT_LIMIT = 100;
    static final int MAX_AUDIT_LIMIT = 10_000;
    static final int DEFAULT_EDGE_LIMIT = 1_000;
    static final int MAX_EDGE_LIMIT = 100_000;

    private final RunEventReader reader;
    private final LineageIngestion ingestion;
    private final LineageGraphs graphs;
    private final LineageHistory history;
    private final LineageAccess access;
    private final Visibility visibility;

    @Inject
    public LineageResource(RunEventReader reader, LineageIngestion ingestion, LineageGraphs graphs, LineageHistory history, LineageAccess access, Visibility visibility)
    {
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.ingestion = requireNonNull(ingestion, "ingestion is null");
        this.graphs = requireNonNull(graphs, "graphs is null");
        this.history = requireNonNull(history, "history is null");
        this.access = requireNonNull(access, "access is null");
    }

    /** A JSON array of at most {@value RunEventReader#MAX_EVENTS} run events, stored in one transaction. */
    @POST
    @Path("batch")
    @Consumes(MediaType.WILDCARD)
    public IngestResult batch(InputStream body, @HeaderParam(RequestUser.HEADER) String user)
    {
        access.checkCanWrite(RequestUser.of(user));
        return ingestion.ingest(reader.readBatch(body));
    }

    /** One run event of any OpenLineage producer. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public IngestResult event(InputStream body, @HeaderParam(RequestUser.HEADER) String user)
    {
        access.checkCanWrite(RequestUser.of(user));
        return ingestion.ingest(List.of(reader.readEvent(body)));
    }

    @GET
    @Path("{direction: upstream|downstream}")
    public LineageGraph graph(
            @PathParam("direction") String direction,
            @QueryParam("namespace") String namespace,
            @QueryParam("dataset") String dataset,
            @QueryParam("column") String column,
            @QueryParam("depth") String depth,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        QueryParameters parameters = new QueryParameters();
        String root = parameters.required("dataset", dataset, ROOT);
        int hops = parameters.integer("depth", depth, DEFAULT_DEPTH, 1, MAX_DEPTH);
        parameters.check();
        return graphs.graph(viewer(user), Direction.parse(direction).orElseThrow(), optional(namespace), root, optional(column), hops);
    }

    @GET
    @Path("impact")
    public Impact impact(
            @QueryParam("namespace") String namespace,
            @QueryParam("dataset") String dataset,
            @QueryParam("column") String column,
            @QueryParam("depth") String depth,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        QueryParameters parameters = new QueryParameters();
        String root = parameters.required("dataset", dataset, ROOT);
        int hops = parameters.integer("depth", depth, DEFAULT_DEPTH, 1, MAX_DEPTH);
        parameters.check();
        return graphs.impact(viewer(user), optional(namespace), root, optional(column), hops);
    }

    @GET
    @Path("usage")
    public List<DatasetUsage> usage(
            @QueryParam("product") String product,
            @QueryParam("namespace") String namespace,
            @QueryParam("dataset") String dataset,
            @QueryParam("user") String user,
            @HeaderParam(RequestUser.HEADER) String caller)
    {
        return history.usage(viewer(caller), optional(product), optional(namespace), optional(dataset), optional(user));
    }

    @GET
    @Path("audit")
    public List<AuditEntry> audit(
            @QueryParam("user") String user,
            @QueryParam("namespace") String namespace,
            @QueryParam("dataset") String dataset,
            @QueryParam("product") String product,
            @QueryParam("since") String since,
            @QueryParam("limit") String limit,
            @HeaderParam(RequestUser.HEADER) String caller)
    {
        access.checkCanReadAudit(RequestUser.of(caller));
        QueryParameters parameters = new QueryParameters();
        Optional<Instant> from = parameters.instant("since", since);
        int rows = parameters.integer("limit", limit, DEFAULT_AUDIT_LIMIT, 1, MAX_AUDIT_LIMIT);
        parameters.check();
        return history.audit(optional(user), optional(namespace), optional(dataset), optional(product), from, rows);
    }

    @GET
    @Path("edges")
    public List<LineageEdge> edges(
            @QueryParam("namespace") String namespace,
            @QueryParam("dataset") String dataset,
            @QueryParam("limit") String limit,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        QueryParameters parameters = new QueryParameters();
        int rows = parameters.integer("limit", limit, DEFAULT_EDGE_LIMIT, 1, MAX_EDGE_LIMIT);
        parameters.check();
        return graphs.edges(viewer(user), optional(namespace), optional(dataset), rows);
    }

    private Viewer viewer(String user)
    {
        return visibility.viewer(RequestUser.of(user));
    }
}
