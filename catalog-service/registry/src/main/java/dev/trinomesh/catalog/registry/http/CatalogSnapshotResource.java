package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.EntityTag;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.ProductRegistry;
import dev.trinomesh.catalog.registry.ServedVariants;
import dev.trinomesh.catalog.registry.api.ServedHealth;
import dev.trinomesh.catalog.registry.api.ServedReleases;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/catalog/snapshot}: every product at its current revision, the tables served beside its datasets
 * (previous majors, releases) and every checked dataset's health,
 * for the mesh connector's cache. Tagged with the registry revision (which a change of health moves too);
 * a poll with a current If-None-Match costs one row read and gets 304. It holds every product, so only the Trinos
 * ({@code governance.snapshot-readers}) and governance admins read it; people list what they may see at /v1/products.
 */
@Path("/v1/catalog/snapshot")
public class CatalogSnapshotResource
{
    private final ProductRegistry registry;
    private final ServedHealth health;
    private final ServedReleases releases;
    private final Callers callers;

    @Inject
    public CatalogSnapshotResource(ProductRegistry registry, ServedHealth health, ServedReleases releases, Callers callers)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.callers = requireNonNull(callers, "callers is null");
        this.health = requireNonNull(health, "health is null");
        this.releases = requireNonNull(releases, "releases is null");
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response snapshot(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @HeaderParam(RequestUser.HEADER) String user)
    {
        String caller = RequestUser.of(user);
        if (!callers.isAdminOrSnapshotReader(callers.resolve(caller))) {
            throw ServiceException.forbidden("the catalog snapshot holds every product: it is for the Trinos (governance.snapshot-readers) and governance admins, and %s is neither; list the products you may see with GET /v1/products"
                    .formatted(caller));
        }
        long revision = registry.registryRevision();
        if (EntityTag.parse(ifNoneMatch).filter(tag -> !tag.isAny() && tag.matches(revision)).isPresent()) {
            return Response.notModified(String.valueOf(revision)).build();
        }
        // Releases and health read after the descriptors: the answer may be newer than its tag, never older.
        CatalogSnapshot products = registry.snapshot();
        List<DataProduct> descriptors = products.products().stream().map(ProductRecord::descriptor).toList();
        CatalogSnapshot snapshot = products
                .withVariants(ServedVariants.withReleases(products.variants(), descriptors, releases.all()))
                .withQuality(health.all());
        return Response.ok(snapshot).tag(String.valueOf(snapshot.revision())).build();
    }
}
