package dev.trinomesh.catalog.data.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.catalog.data.openapi.OpenApiDocuments;
import dev.trinomesh.catalog.identity.api.RequestUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /v1/data/{product}/openapi.json}: the product's data API as an OpenAPI 3.1 document, describing what the
 * caller may read; a product they may not see is answered 404, as its data is. A root path of its own, more literal
 * than {@link DataResource}'s, so that Jersey sends only this path here.
 */
@Path("/v1/data/{product}/openapi.json")
@Produces(MediaType.APPLICATION_JSON)
public class OpenApiResource
{
    private final OpenApiDocuments documents;

    @Inject
    public OpenApiResource(OpenApiDocuments documents)
    {
        this.documents = requireNonNull(documents, "documents is null");
    }

    @GET
    public JsonNode document(@PathParam("product") String product, @HeaderParam(RequestUser.HEADER) String user)
    {
        return documents.product(RequestUser.of(user), product);
    }
}
