package dev.trinomesh.catalog.portal.session;

import com.google.inject.Inject;
import dev.trinomesh.catalog.core.http.RequestPaths;
import dev.trinomesh.catalog.identity.api.WebSessions;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Signs every {@code /portal} request in by its session cookie (pages without one go to the sign-in page, anything
 * else is refused 401), and refuses every state change whose {@code Origin} is another site's or that does not carry
 * the session's CSRF token (header {@value #CSRF_HEADER} or form field {@value #CSRF_FIELD}).
 */
@Priority(Priorities.AUTHENTICATION)
public class PortalSessionFilter
        implements ContainerRequestFilter
{
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "csrf";
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private final WebSessions sessions;

    @Inject
    public PortalSessionFilter(WebSessions sessions)
    {
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    @Override
    public void filter(ContainerRequestContext request)
    {
        String path = RequestPaths.of(request.getUriInfo());
        if (!(path.equals("portal") || path.startsWith("portal/"))) {
            return;
        }
        boolean change = !(request.getMethod().equals("GET") || request.getMethod().equals("HEAD"));
        if (change && !sameOrigin(request)) {
            request.abortWith(refusal(403, "this request came from another site (its Origin is %s): the portal takes changes from its own pages only".formatted(request.getHeaderString("Origin"))));
            return;
        }
        // Signing in needs no session: the password form, and the identity provider's sign-in and its redirect back.
        if (path.equals("portal/login") || path.startsWith("portal/login/")) {
            return;
        }
        Optional<String> secret = SessionCookies.secret(request.getCookies());
        Optional<String> user = secret.flatMap(sessions::user);
        if (user.isEmpty()) {
            if (change || path.endsWith(".json")) {
                request.abortWith(refusal(401, "sign in to the portal first: " + request.getUriInfo().getBaseUri().resolve("portal/login")));
                return;
            }
            String next = request.getUriInfo().getRequestUri().getRawPath() + Optional.ofNullable(request.getUriInfo().getRequestUri().getRawQuery()).map(query -> "?" + query).orElse("");
            URI login = UriBuilder.fromUri(request.getUriInfo().getBaseUri()).path("portal/login").queryParam("next", next).build();
            request.abortWith(Response.seeOther(login)
                    .header(HttpHeaders.SET_COOKIE, secret.isPresent() ? SessionCookies.expired() : null)
                    .build());
            return;
        }
        PortalUser portalUser = new PortalUser(user.orElseThrow(), CsrfTokens.of(secret.orElseThrow()));
        if (change && !CsrfTokens.matches(portalUser.csrfToken(), sentToken(request))) {
            request.abortWith(refusal(403, "this change lacks the page's CSRF token: reload the page and try again"));
            return;
        }
        request.setProperty(PortalUser.PROPERTY, portalUser);
    }

    /** Browsers send {@code Origin} with every POST; a client that sends none still needs the CSRF token. */
    private static boolean sameOrigin(ContainerRequestContext request)
    {
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            String site = request.getHeaderString("Sec-Fetch-Site");
            return site == null || site.equals("same-origin") || site.equals("none");
        }
        String host = request.getHeaderString(HttpHeaders.HOST);
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && authority != null && (authority.equalsIgnoreCase(host) || (uri.getPort() == -1 && host.equalsIgnoreCase(uri.getHost() + ":" + defaultPort(uri.getScheme()))));
        }
        catch (IllegalArgumentException _) {
            return false;
        }
    }

    private static int defaultPort(String scheme)
    {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private static String sentToken(ContainerRequestContext request)
    {
        String header = request.getHeaderString(CSRF_HEADER);
        if (header != null) {
            return header;
        }
        MediaType type = request.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE) || !request.hasEntity()) {
            return null;
        }
        // The form is read here and handed on unchanged, so every form's resource gets it as if unread.
        byte[] body;
        try (InputStream in = request.getEntityStream()) {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > MAX_FORM_BYTES) {
            return null;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
        for (String pair : new String(body, UTF_8).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), UTF_8).equals(CSRF_FIELD)) {
                return URLDecoder.decode(pair.substring(equals + 1), UTF_8);
            }
        }
        return null;
    }

    private static Response refusal(int status, String message)
    {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).entity(message).build();
    }
}
