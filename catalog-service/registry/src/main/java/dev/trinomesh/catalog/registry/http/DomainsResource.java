package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.api.model.DomainInfo;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.ProductRegistry;
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

/** {@code /v1/domains}: the business domains products belong to. */
@Path("/v1/domains")
@Produces(MediaType.APPLICATION_JSON)
public class DomainsResource
{
    private final ProductRegistry registry;

    @Inject
    public DomainsResource(ProductRegistry registry)
    {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @GET
    public List<DomainInfo> list()
    {
        return registry.domains();
    }

    @GET
    @Path("{name}")
    public DomainInfo get(@PathParam("name") String name)
    {
        return registry.domain(name);
    }

    @PUT
    @Path("{name}")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public DomainInfo apply(@PathParam("name") String name, String descriptor, @HeaderParam(RequestUser.HEADER) String user)
    {
        return registry.applyDomain(name, descriptor, RequestUser.of(user));
    }
}
