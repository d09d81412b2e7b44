package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.api.model.ApplyResult;
import dev.trinomesh.api.model.DescriptorDiff;
import dev.trinomesh.api.model.ProductPage;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.RevisionInfo;
import dev.trinomesh.api.model.StatusChange;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.EntityTag;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.PageToken;
import dev.trinomesh.catalog.registry.ProductFilter;
import dev.trinomesh.catalog.registry.ProductRegistry;
import dev.trinomesh.catalog.registry.ProductRegistry.Creation;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.trinomesh.catalog.core.http.QueryParameters.optional;
import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/products}: register, read, list, version and move data products along their lifecycle. A person reads
 * only the products they may see ({@link Visibility}); any other is answered as one that does not exist.
 */
@Path("/v1/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductsResource
{
    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 1000;

    private final ProductRegistry registry;
    private final Visibility visibility;

    @Inject
    public ProductsResource(ProductRegistry registry, Visibility visibility)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    @GET
    public ProductPage list(
            @QueryParam("domain") String domain,
            @QueryParam("status") String status,
            @QueryParam("tag") String tag,
            @QueryParam("owner") String owner,
            @QueryParam("limit") String limit,
            @QueryParam("pageToken") String pageToken,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        QueryParameters parameters = new QueryParameters();
        Optional<ProductStatus> statusFilter = optional(status).flatMap(value -> {
            Optional<ProductStatus> parsed = ProductStatus.parse(value);
            if (parsed.isEmpty()) {
                parameters.violation("status", value, "must be one of " + ProductStatus.allWireNames());
            }
            return parsed;
        });
        int pageSize = parameters.integer("limit", limit, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        parameters.check();
        Viewer viewer = visibility.viewer(RequestUser.of(user));
        return registry.list(new ProductFilter(
                Optional.ofNullable(domain),
                statusFilter,
                Optional.ofNullable(tag),
                Optional.ofNullable(owner),
                PageToken.decode(pageToken),
                pageSize), viewer::canSee);
    }

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response create(
            String descriptor,
            @QueryParam("dryRun") String dryRun,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        String name = ProductNames.fromDescriptor(descriptor);
        ApplyResult result = registry.apply(name, descriptor, Optional.empty(), Creation.CREATE_ONLY, QueryParameters.flag("dryRun", dryRun), RequestUser.of(user));
        return ApplyResponses.applied(result.outcome(), result.dryRun(), result.product().revision(), result);
    }

    @PUT
    @Path("{name}")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response apply(
            @PathParam("name") String name,
            String descriptor,
            @QueryParam("dryRun") String dryRun,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        boolean ifNoneMatchAny = EntityTag.parse(ifNoneMatch).map(EntityTag::isAny).orElse(false);
        ApplyResult result = registry.apply(name, descriptor, EntityTag.parse(ifMatch), ifNoneMatchAny ? Creation.IF_NONE_MATCH : Creation.CREATE_OR_UPDATE, QueryParameters.flag("dryRun", dryRun), RequestUser.of(user));
        return ApplyResponses.applied(result.outcome(), result.dryRun(), result.product().revision(), result);
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name, @HeaderParam(RequestUser.HEADER) String user)
    {
        checkCanSee(name, user);
        ProductRecord product = registry.product(name).orElseThrow(() -> ProductRegistry.unknownProduct(name));
        return Response.ok(product).tag(tagOf(product)).build();
    }

    @POST
    @Path("{name}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changeStatus(
            @PathParam("name") String name,
            StatusChange change,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        if (change == null) {
            throw ServiceException.badRequest("send {\"status\": \"%s\"}".formatted(String.join("|", ProductStatus.allWireNames().split(", "))));
        }
        ProductRecord product = registry.changeStatus(name, change.status(), EntityTag.parse(ifMatch), RequestUser.of(user));
        return Response.ok(product).tag(tagOf(product)).build();
    }

    @GET
    @Path("{name}/revisions")
    public List<RevisionInfo> history(@PathParam("name") String name, @HeaderParam(RequestUser.HEADER) String user)
    {
        checkCanSee(name, user);
        return registry.history(name);
    }

    @GET
    @Path("{name}/revisions/{revision}")
    public ProductRecord revision(@PathParam("name") String name, @PathParam("revision") int revision, @HeaderParam(RequestUser.HEADER) String user)
    {
        checkCanSee(name, user);
        return registry.revision(name, revision);
    }

    @GET
    @Path("{name}/diff")
    public DescriptorDiff diff(@PathParam("name") String name, @QueryParam("from") String from, @QueryParam("to") String to, @HeaderParam(RequestUser.HEADER) String user)
    {
        checkCanSee(name, user);
        QueryParameters parameters = new QueryParameters();
        OptionalInt fromRevision = parameters.optionalInteger("from", from, 0, Integer.MAX_VALUE);
        OptionalInt toRevision = parameters.optionalInteger("to", to, 1, Integer.MAX_VALUE);
        parameters.check();
        return registry.diff(name, fromRevision, toRevision);
    }

    /** A product the caller may not see is answered as one that does not exist, before anything else is looked at. */
    private void checkCanSee(String product, String user)
    {
        if (!visibility.viewer(RequestUser.of(user)).canSee(product)) {
            throw ProductRegistry.unknownProduct(product);
        }
    }

    private static jakarta.ws.rs.core.EntityTag tagOf(ProductRecord product)
    {
        return new jakarta.ws.rs.core.EntityTag(String.valueOf(product.revision()));
    }
}
