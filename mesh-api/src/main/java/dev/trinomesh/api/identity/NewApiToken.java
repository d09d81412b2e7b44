package dev.trinomesh.api.identity;

import static java.util.Objects.requireNonNull;

/** A token just made: its record and, this once, its secret (send it as {@code Authorization: Bearer <secret>}). */
public record NewApiToken(ApiToken token, String secret)
{
    public NewApiToken
    {
        requireNonNull(token, "token is null");
        requireNonNull(secret, "secret is null");
    }
}
