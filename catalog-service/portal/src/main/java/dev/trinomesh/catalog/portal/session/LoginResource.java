package dev.trinomesh.catalog.portal.session;

import com.google.inject.Inject;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.WebSessions;
import dev.trinomesh.catalog.identity.api.WebSessions.WebSession;
import dev.trinomesh.catalog.portal.PortalConfig;
import dev.trinomesh.catalog.portal.view.Frame;
import dev.trinomesh.catalog.portal.view.LoginPage;
import dev.trinomesh.catalog.portal.view.Templates;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Signing in with the password people use for Trino. */
@Path("/portal/login")
public class LoginResource
{
    private final WebSessions sessions;
    private final Templates templates;
    private final Duration lifetime;
    private final boolean requireHttps;
    private final OidcSignIn oidc;

    @Inject
    public LoginResource(WebSessions sessions, Templates templates, OidcSignIn oidc, PortalConfig config)
    {
        this.oidc = requireNonNull(oidc, "oidc is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.templates = requireNonNull(templates, "templates is null");
        this.lifetime = config.getSessionLifetime().toJavaTime();
        this.requireHttps = config.isRequireHttps();
    }

    @GET
    public Response form(@QueryParam("next") String next)
    {
        return templates.page("login.jte", new LoginPage(signedOut(), safeNext(next), "", Optional.empty(), oidc.enabled()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(
            @FormParam("user") String user,
            @FormParam("password") String password,
            @FormParam("next") String next,
            @CookieParam(SessionCookies.SESSION) String previous,
            @Context HttpServletRequest servletRequest)
    {
        String target = safeNext(next);
        String name = user == null ? "" : user.strip();
        if (requireHttps && !servletRequest.isSecure() && !loopback(servletRequest.getRemoteAddr())) {
            return templates.page(403, "login.jte", new LoginPage(signedOut(), target, name,
                    Optional.of("This portal takes passwords over HTTPS only: open it with https://, or ask the operator to serve it behind TLS (portal.require-https)."), oidc.enabled()));
        }
        if (name.isEmpty() || password == null || password.isEmpty()) {
            return templates.page(400, "login.jte", new LoginPage(signedOut(), target, name, Optional.of("Enter your user name and password."), oidc.enabled()));
        }
        WebSession session;
        try {
            session = sessions.logIn(name, password, servletRequest.getRemoteAddr(), lifetime);
        }
        catch (ServiceException e) {
            String message = e.status() == 401 ? "Wrong user name or password." : e.getMessage();
            return templates.page(e.status(), "login.jte", new LoginPage(signedOut(), target, name, Optional.of(message), oidc.enabled()));
        }
        // The browser's previous session, if any, ends: a sign-in never leaves two live sessions behind one cookie.
        if (previous != null) {
            sessions.logOut(previous);
        }
        return Response.seeOther(URI.create(target))
                .header(HttpHeaders.SET_COOKIE, SessionCookies.session(session.secret(), lifetime))
                .build();
    }

    private static Frame signedOut()
    {
        return new Frame("Sign in", Optional.empty(), "login");
    }

    /** Only a path of this portal: a link that signs people in and then sends them to another site is a phishing aid. */
    static String safeNext(String next)
    {
        if (next == null || !next.startsWith("/portal") || next.startsWith("//") || next.contains("\\") || next.chars().anyMatch(Character::isISOControl)) {
            return "/portal/";
        }
        return next;
    }

    private static boolean loopback(String address)
    {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        }
        catch (UnknownHostException _) {
            return false;
        }
    }
}
