package dev.trinomesh.catalog.portal.session;

import java.security.MessageDigest;
import java.util.Base64;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A session's CSRF token is a hash of its secret: the same on every replica without storing it, and unknowable to a
 * page of another site, which can make the browser send the (HttpOnly) cookie but never read it.
 */
public final class CsrfTokens
{
    private CsrfTokens() {}

    public static String of(String sessionSecret)
    {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("mesh-portal-csrf\0" + sessionSecret).getBytes(UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares in constant time, so the token cannot be guessed a character at a time. */
    public static boolean matches(String expected, String sent)
    {
        return sent != null && MessageDigest.isEqual(expected.getBytes(UTF_8), sent.getBytes(UTF_8));
    }
}
