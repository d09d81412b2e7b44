package dev.trinomesh.catalog.lineage.http;

import dev.trinomesh.api.lineage.IngestResult;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.lineage.LineageAccess;
import dev.trinomesh.catalog.lineage.LineageIngestion;
import dev.trinomesh.catalog.lineage.RunEventReader;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code /api/v1/lineage}: the endpoint OpenLineage's HTTP transports (Java, Python, Spark, Airflow...) post to
 * by default, so that a producer only needs this service's URL. The same as {@code POST /v1/lineage}.
 */
@Path("/api/v1/lineage")
public class OpenLineageResource
{
    private final RunEventReader reader;
    private final LineageIngestion ingestion;
    private final LineageAccess access;

    @Inject
    public OpenLineageResource(RunEventReader reader, LineageIngestion ingestion, LineageAccess access)
    {
        this.reader = requireNonNull(reader, "reader is null");
        this.ingestion = requireNonNull(ingestion, "ingestion is null");
        this.access = requireNonNull(access, "access is null");
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public IngestResult event(InputStream body, @HeaderParam(RequestUser.HEADER) String user)
    {
        access.checkCanWrite(RequestUser.of(user));
        return ingestion.ingest(List.of(reader.readEvent(body)));
    }
}
