package dev.trinomesh.catalog.releases.http;

import dev.trinomesh.api.model.DatasetRelease;
import dev.trinomesh.api.model.ReleaseRequest;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.releases.DatasetReleases;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

import static dev.trinomesh.catalog.core.http.QueryParameters.optional;
import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/products/{product}/releases}: data releases of a product's datasets, made and deleted by its
 * owners, its domain's owner and governance admins; read by whoever may see the product ({@code Visibility}). A product
 * the caller may not see is answered as one that does not exist.
 */
@Path("/v1/products/{product}/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleasesResource
{
    private final DatasetReleases releases;
    private final Visibility visibility;

    @Inject
    public ReleasesResource(DatasetReleases releases, Visibility visibility)
    {
        this.releases = requireNonNull(releases, "releases is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    /** Pins the dataset's lake table at its current snapshot: 201 with the release. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("product") String product, ReleaseRequest request, @HeaderParam(RequestUser.HEADER) String user)
    {
        List<Violation> missing = new ArrayList<>();
        if (request == null || request.dataset() == null || request.dataset().isBlank()) {
            missing.add(new Violation("dataset", null, "is required: the dataset whose lake table to pin"));
        }
        if (request == null || request.name() == null || request.name().isBlank()) {
            missing.add(new Violation("name", null, "is required: the release's name, e.g. 2026-q3"));
        }
        if (!missing.isEmpty()) {
            throw ServiceException.badRequest("send {\"dataset\": \"...\", \"name\": \"...\", \"description\": \"...\"}", missing);
        }
        DatasetRelease release = releases.create(product, request.dataset(), request.name(), optional(request.description()), RequestUser.of(user));
        return Response.status(Response.Status.CREATED).entity(release).build();
    }

    @GET
    public List<DatasetRelease> list(@PathParam("product") String product, @QueryParam("dataset") String dataset, @HeaderParam(RequestUser.HEADER) String user)
    {
        checkCanSee(product, user);
        return releases.list(product, optional(dataset));
    }

    @GET
    @Path("{dataset}/{name}")
    public DatasetRelease get(@PathParam("product") String product, @PathParam("dataset") String dataset, @PathParam("name") String name, @HeaderParam(RequestUser.HEADER) String user)
    {
        checkCanSee(product, user);
        return releases.get(product, dataset, name);
    }

    /** Removes the release and its tag: 204. */
    @DELETE
    @Path("{dataset}/{name}")
    public Response delete(@PathParam("product") String product, @PathParam("dataset") String dataset, @PathParam("name") String name, @HeaderParam(RequestUser.HEADER) String user)
    {
        releases.delete(product, dataset, name, RequestUser.of(user));
        return Response.noContent().build();
    }

    /** Before anything else is looked at, so that a product the caller may not see answers as one that does not exist. */
    private void checkCanSee(String product, String user)
    {
        if (!visibility.viewer(RequestUser.of(user)).canSee(product)) {
            throw ServiceException.notFound("no product named '%s'".formatted(product));
        }
    }
}
