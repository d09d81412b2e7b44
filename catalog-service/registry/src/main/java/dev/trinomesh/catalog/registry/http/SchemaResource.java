package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.catalog.core.ServiceException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;

/** {@code /v1/schemas/{kind}}: the JSON Schemas of descriptors, for editors and CI validation. */
@Path("/v1/schemas")
public class SchemaResource
{
    private static final Set<String> SCHEMAS = Set.of("data-product", "domain", "policy", "pipeline");

    @GET
    @Path("{name}")
    @Produces("application/schema+json")
    public String schema(@PathParam("name") String name)
    {
        if (!SCHEMAS.contains(name)) {
            throw ServiceException.notFound("no schema named '%s'; available: %s".formatted(name, String.join(", ", SCHEMAS.stream().sorted().toList())));
        }
        try (InputStream input = SchemaResource.class.getResourceAsStream("/dev/trinomesh/catalog/schema/%s.schema.json".formatted(name))) {
            if (input == null) {
                throw new IllegalStateException("schema resource %s is missing from the build".formatted(name));
            }
            return new String(input.readAllBytes(), UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
