package dev.trinomesh.catalog.portal.session;

import com.google.inject.Inject;
import dev.trinomesh.catalog.identity.api.WebSessions;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;

import static java.util.Objects.requireNonNull;

/** Signing out ends the session everywhere: its token is revoked, not just the cookie forgotten. */
@Path("/portal/logout")
public class LogoutResource
{
    private final WebSessions sessions;

    @Inject
    public LogoutResource(WebSessions sessions)
    {
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    @POST
    public Response logout(@Context ContainerRequestContext request)
    {
        SessionCookies.secret(request.getCookies()).ifPresent(sessions::logOut);
        return Response.seeOther(URI.create("/portal/login"))
                .header(HttpHeaders.SET_COOKIE, SessionCookies.expired())
                .build();
    }
}
