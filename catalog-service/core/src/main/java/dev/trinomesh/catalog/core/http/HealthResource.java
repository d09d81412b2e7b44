package dev.trinomesh.catalog.core.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jdbi.v3.core.Jdbi;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/health}: for load balancers and process supervisors, without a token. {@code live} answers while the
 * process serves HTTP; {@code ready} also asks the service database, which every area needs, and answers 503 when it
 * does not answer. Neither tells more than up or down.
 */
@Path("/v1/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource
{
    private static final int DATABASE_TIMEOUT_SECONDS = 5;

    private final Jdbi jdbi;

    @Inject
    public HealthResource(Jdbi jdbi)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @GET
    @Path("live")
    public Map<String, String> live()
    {
        return Map.of("status", "live");
    }

    @GET
    @Path("ready")
    public Response ready()
    {
        boolean database;
        try {
            database = jdbi.withHandle(handle -> handle.createQuery("SELECT 1").setQueryTimeout(DATABASE_TIMEOUT_SECONDS).mapTo(Integer.class).one()) == 1;
        }
        catch (RuntimeException e) {
            database = false;
        }
        return Response.status(database ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(Map.of("status", database ? "ready" : "not ready", "database", database ? "up" : "down"))
                .build();
    }
}
