package dev.trinomesh.catalog.identity.authentication;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.trinomesh.api.identity.ApiToken;
import dev.trinomesh.catalog.identity.api.WebSessions;
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

    /** A bearer token of the API: a personal token, but never a portal session (a stolen cookie is no API credential). */
    @Override
    public Optional<Authentication> authenticate(String token)
    {
        Optional<ApiToken> record = live(token);
        if (record.isPresent() && isSession(record.orElseThrow())) {
            throw new AuthenticationFailure("token %s is a portal session, which signs its person in to the portal only: use a personal token (./mesh login, ./mesh tokens create)".formatted(record.orElseThrow().id()));
        }
        return record.map(found -> new Authentication(found.user(), "token"));
    }

    /** The person a portal session's secret proves; never an API token's (tokens made for scripts are no browser session). */
    public Optional<String> sessionUser(String secret)
    {
        try {
            return live(secret).filter(PersonalTokens::isSession).map(ApiToken::user);
        }
        catch (AuthenticationFailure _) {
            return Optional.empty();
        }
    }

    private static boolean isSession(ApiToken token)
    {
        return token.name().equals(WebSessions.TOKEN_NAME);
    }

    /** The token, if it is one this service issued and it is neither revoked nor expired; empty when it does not look like one. */
    private Optional<ApiToken> live(String token)
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
        return Optional.of(record);
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
