package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.api.model.DomainInfo;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.ProductRegistry;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/domains}: the business domains products belong to. A person sees the domains they own or see a product
 * of, each counting only the products they see; any other is answered as one that does not exist.
 */
@Path("/v1/domains")
@Produces(MediaType.APPLICATION_JSON)
public class DomainsResource
{
    private final ProductRegistry registry;
    private final Visibility visibility;

    @Inject
    public DomainsResource(ProductRegistry registry, Visibility visibility)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    @GET
    public List<DomainInfo> list(@HeaderParam(RequestUser.HEADER) String user)
    {
        Viewer viewer = visibility.viewer(RequestUser.of(user));
        return registry.domains().stream()
                .filter(domain -> viewer.canSeeDomain(domain.name()))
                .map(domain -> seenBy(viewer, domain))
                .toList();
    }

    @GET
    @Path("{name}")
    public DomainInfo get(@PathParam("name") String name, @HeaderParam(RequestUser.HEADER) String user)
    {
        Viewer viewer = visibility.viewer(RequestUser.of(user));
        if (!viewer.canSeeDomain(name)) {
            throw ServiceException.notFound("no domain named '%s'".formatted(name));
        }
        return seenBy(viewer, registry.domain(name));
    }

    @PUT
    @Path("{name}")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public DomainInfo apply(@PathParam("name") String name, String descriptor, @HeaderParam(RequestUser.HEADER) String user)
    {
        DomainInfo applied = registry.applyDomain(name, descriptor, RequestUser.of(user));
        // Counted as the caller sees it now: an ownerless domain's product owner may not see all of its products.
        return seenBy(visibility.viewer(RequestUser.of(user)), applied);
    }

    /** The domain with the number of its products the caller sees. */
    private static DomainInfo seenBy(Viewer viewer, DomainInfo domain)
    {
        if (viewer.seesEverything()) {
            return domain;
        }
        return new DomainInfo(domain.name(), domain.description(), domain.owner(), viewer.visibleProducts(domain.name()));
    }
}
