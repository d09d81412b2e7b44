package dev.trinomesh.catalog.portal.http;

import com.google.inject.Inject;
import dev.trinomesh.api.access.AccessRequest;
import dev.trinomesh.api.access.AccessRequestStatus;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.portal.session.PortalUser;
import dev.trinomesh.catalog.portal.view.AccessPage;
import dev.trinomesh.catalog.portal.view.AccessPage.Request;
import dev.trinomesh.catalog.portal.view.Frame;
import dev.trinomesh.catalog.portal.view.Templates;
import dev.trinomesh.catalog.portal.view.Times;
import dev.trinomesh.catalog.portal.view.Urls;
import dev.trinomesh.catalog.registry.api.AccessRequests;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Asking for a product, and owners deciding: the registry's access requests, which an approval turns into a revision. */
@Path("/portal/access-requests")
public class AccessResource
{
    private static final int DECIDED = 20;

    private final AccessRequests requests;
    private final Templates templates;

    @Inject
    public AccessResource(AccessRequests requests, Templates templates)
    {
        this.requests = requireNonNull(requests, "requests is null");
        this.templates = requireNonNull(templates, "templates is null");
    }

    @GET
    public Response page(@QueryParam("notice") String notice, @Context ContainerRequestContext request)
    {
        PortalUser user = PortalRequests.user(request);
        return render(200, user, Optional.ofNullable(Notice.text(notice)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response ask(@FormParam("product") String product, @FormParam("reason") String reason, @Context ContainerRequestContext request)
    {
        PortalUser user = PortalRequests.user(request);
        try {
            requests.request(product == null ? "" : product.strip(), reason == null ? "" : reason, user.user());
        }
        catch (ServiceException e) {
            return render(e.status(), user, Optional.of(e.getMessage()));
        }
        return Response.seeOther(URI.create("/portal/access-requests?notice=sent")).build();
    }

    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approve(@PathParam("id") long id, @FormParam("note") String note, @Context ContainerRequestContext request)
    {
        return decide(request, id, true, note);
    }

    @POST
    @Path("{id}/deny")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deny(@PathParam("id") long id, @FormParam("note") String note, @Context ContainerRequestContext request)
    {
        return decide(request, id, false, note);
    }

    private Response decide(ContainerRequestContext request, long id, boolean approve, String note)
    {
        PortalUser user = PortalRequests.user(request);
        Optional<String> text = Optional.ofNullable(note).map(String::strip).filter(value -> !value.isEmpty());
        try {
            if (approve) {
                requests.approve(id, text, user.user());
            }
            else {
                requests.deny(id, text, user.user());
            }
        }
        catch (ServiceException e) {
            return render(e.status(), user, Optional.of(e.getMessage()));
        }
        return Response.seeOther(URI.create("/portal/access-requests?notice=" + (approve ? "approved" : "denied"))).build();
    }

    private Response render(int status, PortalUser user, Optional<String> notice)
    {
        List<AccessRequest> all = requests.list(Optional.empty(), Optional.empty(), user.user());
        List<Request> mine = all.stream().filter(request -> request.requester().equals(user.user())).map(AccessResource::view).toList();
        List<Request> inbox = all.stream()
                .filter(request -> !request.requester().equals(user.user()) && request.status() == AccessRequestStatus.PENDING)
                .map(AccessResource::view)
                .toList();
        List<Request> decided = all.stream()
                .filter(request -> !request.requester().equals(user.user()) && request.status() != AccessRequestStatus.PENDING)
                .limit(DECIDED)
                .map(AccessResource::view)
                .toList();
        return templates.page(status, "access.jte", new AccessPage(Frame.of("Access requests", user, "access"), notice, mine, inbox, decided));
    }

    private static Request view(AccessRequest request)
    {
        String decision = request.decidedBy() == null ? "" : "%s by %s on %s%s%s".formatted(
                request.status().wireName(),
                request.decidedBy(),
                Times.at(request.decidedAt()),
                request.revision() == null ? "" : " (revision %s)".formatted(request.revision()),
                request.note() == null ? "" : ": " + request.note());
        return new Request(request.id(), request.product(), Urls.product(request.product()), request.requester(), request.reason(), request.status().wireName(), Times.at(request.createdAt()), decision);
    }

    /** Notices after a redirect are chosen by a key, so that a link cannot make the page say anything else. */
    private enum Notice
    {
        SENT("Your request was sent to the product's owners, if such a product exists. You will see their decision here."),
        APPROVED("Approved: the requester is now a consumer, in a new revision of the product's descriptor. Trino lets them read it within seconds."),
        DENIED("Denied: the requester sees your decision and note.");

        private final String text;

        Notice(String text)
        {
            this.text = text;
        }

        static String text(String key)
        {
            for (Notice notice : values()) {
                if (notice.name().equalsIgnoreCase(String.valueOf(key))) {
                    return notice.text;
                }
            }
            return null;
        }
    }
}
