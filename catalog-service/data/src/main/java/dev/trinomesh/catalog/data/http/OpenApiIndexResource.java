package dev.trinomesh.catalog.data.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.catalog.data.openapi.OpenApiDocuments;
import dev.trinomesh.catalog.identity.api.RequestUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /v1/data/openapi.json}: links to the OpenAPI document of every product the caller may read, in the form
 * Swagger UI's {@code configUrl} takes. A root path of its own, more literal than {@link DataResource}'s.
 */
@Path("/v1/data/openapi.json")
@Produces(MediaType.APPLICATION_JSON)
public class OpenApiIndexResource
{
    private final OpenApiDocuments documents;

    @Inject
    public OpenApiIndexResource(OpenApiDocuments documents)
    {
        this.documents = requireNonNull(documents, "documents is null");
    }

    @GET
    public JsonNode index(@HeaderParam(RequestUser.HEADER) String user)
    {
        return documents.index(RequestUser.of(user));
    }
}
