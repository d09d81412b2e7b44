package dev.trinomesh.catalog.portal.http;

import com.google.inject.Inject;
import dev.trinomesh.catalog.portal.session.PortalUser;
import dev.trinomesh.catalog.portal.view.Frame;
import dev.trinomesh.catalog.portal.view.MessagePage;
import dev.trinomesh.catalog.portal.view.Templates;
import dev.trinomesh.catalog.registry.api.Visibility;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import static java.util.Objects.requireNonNull;

/** A product's page, as the viewer may see it; a product they may not see is answered as one that does not exist. */
@Path("/portal/products/{product}")
public class ProductResource
{
    private final ProductPages pages;
    private final Visibility visibility;
    private final Templates templates;

    @Inject
    public ProductResource(ProductPages pages, Visibility visibility, Templates templates)
    {
        this.pages = requireNonNull(pages, "pages is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.templates = requireNonNull(templates, "templates is null");
    }

    @GET
    public Response product(@PathParam("product") String product, @Context ContainerRequestContext request)
    {
        PortalUser user = PortalRequests.user(request);
        return pages.page(user, visibility.viewer(user.user()).listedInTrino(), product)
                .map(page -> templates.page("product.jte", page))
                .orElseGet(() -> notFound(user, product));
    }

    private Response notFound(PortalUser user, String product)
    {
        return templates.page(404, "message.jte", new MessagePage(Frame.of("Not found", user, "search"),
                "No such product",
                "There is no product named %s that you may see.".formatted(product)));
    }
}
