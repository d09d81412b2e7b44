package dev.trinomesh.catalog.portal.session;

import jakarta.ws.rs.core.Cookie;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The portal's cookies, the session's and the identity provider sign-in's ({@value OidcSignIn#FLOW_COOKIE}), alike:
 * {@code __Host-} so that no subdomain can set or shadow them, HttpOnly so no script reads them, Secure
 * (browsers also keep Secure cookies of http://localhost and http://127.0.0.1, which the demo uses) and SameSite=Lax, so
 * that a link from mail arrives signed in, and the issuer's redirect back carries the sign-in's cookie, while no other
 * site's form or script carries them (every change is a POST with a CSRF token besides).
 */
public final class SessionCookies
{
    public static final String SESSION = "__Host-mesh-session";

    private SessionCookies() {}

    public static String session(String secret, Duration maxAge)
    {
        return cookie(SESSION, secret, maxAge);
    }

    public static String expired()
    {
        return cookie(SESSION, "", Duration.ZERO);
    }

    /** A {@code Set-Cookie} value of {@code name}; an empty value and no age delete it. */
    static String cookie(String name, String value, Duration maxAge)
    {
        return "%s=%s; Path=/; Max-Age=%s; Secure; HttpOnly; SameSite=Lax".formatted(name, value, maxAge.toSeconds());
    }

    public static Optional<String> secret(Map<String, Cookie> cookies)
    {
        return Optional.ofNullable(cookies.get(SESSION)).map(Cookie::getValue).filter(value -> !value.isBlank());
    }
}
