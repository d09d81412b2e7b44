package dev.trinomesh.catalog.server;

import dev.trinomesh.catalog.core.ServiceException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import static java.util.Objects.requireNonNull;

/** Answers every route of an area this deployment leaves out with 503 NotDeployed, naming the setting. */
public abstract class NotDeployedResource
{
    private final String area;
    private final String property;

    private NotDeployedResource(String area, String property)
    {
        this.area = requireNonNull(area, "area is null");
        this.property = requireNonNull(property, "property is null");
    }

    // Jersey matches the area's root and the routes under it separately.
    @GET
    public void getRoot()
    {
        throw notDeployed();
    }

    @POST
    public void postRoot()
    {
        throw notDeployed();
    }

    @GET
    @Path("{route: .+}")
    public void get()
    {
        throw notDeployed();
    }

    @POST
    @Path("{route: .+}")
    public void post()
    {
        throw notDeployed();
    }

    @PUT
    @Path("{route: .+}")
    public void put()
    {
        throw notDeployed();
    }

    @DELETE
    @Path("{route: .+}")
    public void delete()
    {
        throw notDeployed();
    }

    private ServiceException notDeployed()
    {
        return ServiceException.notDeployed(area, property);
    }

    @Path("/v1/quality")
    public static class Quality
            extends NotDeployedResource
    {
        public Quality()
        {
            super("Data quality", "quality.enabled");
        }
    }

    @Path("/{root: v1/lineage|api/v1/lineage}")
    public static class Lineage
            extends NotDeployedResource
    {
        public Lineage()
        {
            super("The lineage store", "lineage.enabled");
        }
    }
}
