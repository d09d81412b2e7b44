package dev.trinomesh.catalog.portal.session;

import jakarta.ws.rs.core.Cookie;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The session cookie: {@code __Host-} so that no subdomain can set or shadow it, HttpOnly so no script reads it, Secure
 * (browsers also keep Secure cookies of http://localhost and http://127.0.0.1, which the demo uses) and SameSite=Lax, so
 * that a link from mail arrives signed in while no other site's form or script carries it (every change is a POST
 * with a CSRF token besides).
 */
public final class SessionCookies
{
    public static final String SESSION = "__Host-mesh-session";

    private SessionCookies() {}

    public static String session(String secret, Duration maxAge)
    {
        return "%s=%s; Path=/; Max-Age=%s; Secure; HttpOnly; SameSite=Lax".formatted(SESSION, secret, maxAge.toSeconds());
    }

    public static String expired()
    {
        return "%s=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax".formatted(SESSION);
    }

    public static Optional<String> secret(Map<String, Cookie> cookies)
    {
        return Optional.ofNullable(cookies.get(SESSION)).map(Cookie::getValue).filter(value -> !value.isBlank());
    }
}
