package dev.trinomesh.catalog.portal.session;

import com.google.inject.Inject;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.WebSessions;
import dev.trinomesh.catalog.identity.api.WebSessions.WebSession;
import dev.trinomesh.catalog.portal.PortalConfig;
import dev.trinomesh.catalog.portal.view.Frame;
import dev.trinomesh.catalog.portal.view.LoginPage;
import dev.trinomesh.catalog.portal.view.Templates;
import io.airlift.log.Logger;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Signing in at the OpenID Connect issuer. Both steps are GETs: the first is a link (the Content-Security-Policy's
 * form-action would stop a form that redirects to the issuer), the second the issuer's redirect back.
 */
@Path("/portal/login/oidc")
public class OidcResource
{
    private static final Logger log = Logger.get(OidcResource.class);

    private final OidcSignIn signIn;
    private final WebSessions sessions;
    private final Templates templates;
    private final Duration lifetime;

    @Inject
    public OidcResource(OidcSignIn signIn, WebSessions sessions, Templates templates, PortalConfig config)
    {
        this.signIn = requireNonNull(signIn, "signIn is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.templates = requireNonNull(templates, "templates is null");
        this.lifetime = config.getSessionLifetime().toJavaTime();
    }

    @GET
    public Response start(@QueryParam("next") String next, @Context UriInfo uri)
    {
        if (!signIn.enabled()) {
            return refusal(404, LoginResource.safeNext(next), "Signing in with an identity provider is not set up here (portal.oidc.client-id and identity.oidc.issuer): use your password.");
        }
        OidcSignIn.Start start;
        try {
            start = signIn.start(callback(uri), LoginResource.safeNext(next));
        }
        catch (ServiceException e) {
            return refusal(e.status(), LoginResource.safeNext(next), e.getMessage());
        }
        return Response.seeOther(start.authorization())
                .header(HttpHeaders.SET_COOKIE, SessionCookies.cookie(OidcSignIn.FLOW_COOKIE, start.flowCookie(), OidcSignIn.FLOW_LIFETIME))
                .build();
    }

    @GET
    @Path("callback")
    public Response callback(
            @QueryParam("code") String code,
            @QueryParam("state") String state,
            @QueryParam("error") String error,
            @QueryParam("error_description") String description,
            @CookieParam(OidcSignIn.FLOW_COOKIE) String flow,
            @CookieParam(SessionCookies.SESSION) String previous,
            @Context UriInfo uri)
    {
        String next = OidcSignIn.next(flow);
        if (error != null) {
            // The provider's words come in the address, which anyone can write: they go to the log, not on the page.
            log.info("the OpenID Connect issuer did not sign someone in: %s (%s)", error, description);
            return refusal(401, next, "The identity provider did not sign you in. Try again, or sign in with your password.");
        }
        WebSession session;
        try {
            session = signIn.finish(flow, state, code, callback(uri), lifetime);
        }
        catch (ServiceException e) {
            return refusal(e.status(), next, e.getMessage());
        }
        // As with a password: the browser's previous session, if any, ends.
        if (previous != null) {
            sessions.logOut(previous);
        }
        return Response.seeOther(URI.create(next))
                .header(HttpHeaders.SET_COOKIE, SessionCookies.session(session.secret(), lifetime))
                .header(HttpHeaders.SET_COOKIE, SessionCookies.cookie(OidcSignIn.FLOW_COOKIE, "", Duration.ZERO))
                .build();
    }

    private static URI callback(UriInfo uri)
    {
        return uri.getBaseUriBuilder().path("portal/login/oidc/callback").build();
    }

    private Response refusal(int status, String next, String message)
    {
        return templates.page(status, "login.jte", new LoginPage(new Frame("Sign in", Optional.empty(), "login"), next, "", Optional.of(message), signIn.enabled()));
    }
}
