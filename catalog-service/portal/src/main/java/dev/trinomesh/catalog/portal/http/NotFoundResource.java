package dev.trinomesh.catalog.portal.http;

import com.google.inject.Inject;
import dev.trinomesh.catalog.portal.view.Frame;
import dev.trinomesh.catalog.portal.view.MessagePage;
import dev.trinomesh.catalog.portal.view.Templates;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import static java.util.Objects.requireNonNull;

/** A page for any portal address no other page claims, instead of the API's JSON error. */
@Path("/portal/{path: .+}")
public class NotFoundResource
{
    private final Templates templates;

    @Inject
    public NotFoundResource(Templates templates)
    {
        this.templates = requireNonNull(templates, "templates is null");
    }

    @GET
    public Response notFound(@Context ContainerRequestContext request)
    {
        return templates.page(404, "message.jte", new MessagePage(Frame.of("Not found", PortalRequests.user(request), "overview"),
                "Page not found",
                "The portal has no page at this address."));
    }
}
