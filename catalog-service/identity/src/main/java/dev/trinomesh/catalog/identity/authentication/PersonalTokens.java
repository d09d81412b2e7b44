package dev.trinomesh.catalog.identity.authentication;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.trinomesh.api.identity.ApiToken;
import dev.trinomesh.catalog.identity.tokens.TokenSecrets;
import dev.trinomesh.catalog.identity.tokens.TokenStore;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import static java.util.Objects.requireNonNull;

/**
 * Personal tokens, looked up by their SHA-256 and remembered for at most {@link #REVALIDATE}: a revocation or expiry
 * takes effect within that time on every replica, without a message between them.
 */
public class PersonalTokens
        implements BearerAuthenticator
{
    static final Duration REVALIDATE = Duration.ofSeconds(2);
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final TokenStore store;
    private final Clock clock;
    private final Cache<String, Optional<ApiToken>> recent = CacheBuilder.newBuilder()
            .expireAfterWrite(REVALIDATE)
            .maximumSize(10_000)
            .build();

    @Inject
    public PersonalTokens(TokenStore store)
    {
        this(store, Clock.systemUTC());
    }

    PersonalTokens(TokenStore store, Clock clock)
    {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Optional<Authentication> authenticate(String token)
    {
        if (!TokenSecrets.looksLikeOne(token)) {
            return Optional.empty();
        }
        String hash = TokenSecrets.hash(token);
        Optional<ApiToken> found;
        try {
            found = recent.get(hash, () -> store.findByHash(hash));
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("cannot read personal tokens: " + e.getCause().getMessage(), e.getCause());
        }
        ApiToken record = found.orElseThrow(() -> new AuthenticationFailure("the token is not one this catalog service issued (or it was deleted): log in again (./mesh login) or ask for a new one"));
        Instant now = clock.instant();
        if (record.revokedAt() != null) {
            throw new AuthenticationFailure("token %s ('%s' of %s) was revoked by %s at %s: log in again (./mesh login) or ask for a new one"
                    .formatted(record.id(), record.name(), record.user(), record.revokedBy(), record.revokedAt()));
        }
        if (!now.isBefore(record.expiresAt())) {
            throw new AuthenticationFailure("token %s ('%s' of %s) expired at %s: log in again (./mesh login) or ask for a new one"
                    .formatted(record.id(), record.name(), record.user(), record.expiresAt()));
        }
        if (record.lastUsedAt() == null || record.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now)) {
            store.markUsed(record.id(), now);
            recent.invalidate(hash);
        }
        return Optional.of(new Authentication(record.user(), "token"));
    }

    /** Forgets what this replica remembers of a token, so that its revocation holds here at once. */
    public void forget(String hash)
    {
        recent.invalidate(hash);
    }

    public void forgetAll()
    {
        recent.invalidateAll();
    }
}
