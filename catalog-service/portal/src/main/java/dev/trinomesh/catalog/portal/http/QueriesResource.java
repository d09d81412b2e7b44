package dev.trinomesh.catalog.portal.http;

import com.google.inject.Inject;
import dev.trinomesh.catalog.portal.preview.PreviewRunner;
import dev.trinomesh.catalog.portal.session.PortalUser;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A person stops their own running previews and profiles (the page's "Stop" button): only theirs, never another's. */
@Path("/portal/queries/cancel")
public class QueriesResource
{
    private final PreviewRunner previews;

    @Inject
    public QueriesResource(PreviewRunner previews)
    {
        this.previews = requireNonNull(previews, "previews is null");
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Integer> cancel(@Context ContainerRequestContext request)
    {
        PortalUser user = PortalRequests.user(request);
        return Map.of("cancelled", previews.cancel(user.user()));
    }
}
