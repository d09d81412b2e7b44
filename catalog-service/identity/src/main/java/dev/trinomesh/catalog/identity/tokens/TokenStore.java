package dev.trinomesh.catalog.identity.tokens;

import dev.trinomesh.api.identity.ApiToken;
import dev.trinomesh.api.identity.NewApiToken;
import dev.trinomesh.catalog.core.database.OptionalConditions;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Personal API tokens in the service database; a token's secret is never stored, only its SHA-256. */
public class TokenStore
{
    private final Jdbi jdbi;

    @Inject
    public TokenStore(Jdbi jdbi)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public NewApiToken create(String user, String name, Instant expiresAt, String createdBy, Instant now)
    {
        String secret = TokenSecrets.generate();
        long id = jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO api_tokens (user_name, token_hash, name, created_by, created_at, expires_at)
                        VALUES (:user, :hash, :name, :createdBy, :createdAt, :expiresAt)""")
                .bind("user", user)
                .bind("hash", TokenSecrets.hash(secret))
                .bind("name", name)
                .bind("createdBy", createdBy)
                .bind("createdAt", Timestamp.from(now))
                .bind("expiresAt", Timestamp.from(expiresAt))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
        return new NewApiToken(new ApiToken(id, user, name, createdBy, now, expiresAt, null, null, null), secret);
    }

    /** The token whose secret has this SHA-256, revoked or not. */
    public Optional<ApiToken> findByHash(String hash)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM api_tokens WHERE token_hash = :hash")
                .bind("hash", hash)
                .map((rs, _) -> token(rs))
                .findOne());
    }

    public Optional<ApiToken> find(long id)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM api_tokens WHERE id = :id")
                .bind("id", id)
                .map((rs, _) -> token(rs))
                .findOne());
    }

    /** Tokens of one user, or of everyone; newest first. */
    public List<ApiToken> list(Optional<String> user, int limit)
    {
        OptionalConditions where = new OptionalConditions().and("user_name = :user", "user", user);
        return jdbi.withHandle(handle -> where.bind(handle.createQuery("SELECT * FROM api_tokens WHERE 1 = 1" + where.sql() + " ORDER BY id DESC LIMIT :limit"))
                .bind("limit", limit)
                .map((rs, _) -> token(rs))
                .list());
    }

    /** Revokes a token that is not revoked yet; false when it was. */
    public boolean revoke(long id, String revokedBy, Instant now)
    {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE api_tokens SET revoked_by = :by, revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("by", revokedBy)
                .bind("now", Timestamp.from(now))
                .bind("id", id)
                .execute() == 1);
    }

    public void markUsed(long id, Instant now)
    {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE api_tokens SET last_used_at = :now WHERE id = :id")
                .bind("now", Timestamp.from(now))
                .bind("id", id)
                .execute());
    }

    private static ApiToken token(ResultSet rs)
            throws SQLException
    {
        return new ApiToken(
                rs.getLong("id"),
                rs.getString("user_name"),
                rs.getString("name"),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                rs.getString("revoked_by"),
                instant(rs, "revoked_at"),
                instant(rs, "last_used_at"));
    }

    private static Instant instant(ResultSet rs, String column)
            throws SQLException
    {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
