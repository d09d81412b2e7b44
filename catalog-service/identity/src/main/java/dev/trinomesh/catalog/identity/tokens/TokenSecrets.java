package dev.trinomesh.catalog.identity.tokens;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Personal tokens' secrets: {@code mesh_} and 32 random bytes in URL-safe Base64, so a token is told apart from a JWT
 * (it has no dots: Iceberg's REST client never tries to refresh it) and from a service token. Only the SHA-256 of a
 * secret is stored: 256 random bits need no slow hash.
 */
public final class TokenSecrets
{
    public static final String PREFIX = "mesh_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {}

    public static String generate()
    {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean looksLikeOne(String token)
    {
        return token.startsWith(PREFIX) && token.length() == PREFIX.length() + 43;
    }

    public static String hash(String secret)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
