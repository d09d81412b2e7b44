package dev.trinomesh.api.identity;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A personal API token as the service lists it: never its secret, which is shown once, when it is made. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiToken(
        long id,
        String user,
        String name,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        String revokedBy,
        Instant revokedAt,
        Instant lastUsedAt)
{
    public ApiToken
    {
        requireNonNull(user, "user is null");
        requireNonNull(name, "name is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    /** Whether it still authenticates at {@code now}: not revoked, not expired. */
    public boolean isActive(Instant now)
    {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
