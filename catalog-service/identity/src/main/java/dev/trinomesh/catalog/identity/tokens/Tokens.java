package dev.trinomesh.catalog.identity.tokens;

import dev.trinomesh.api.identity.ApiToken;
import dev.trinomesh.api.identity.NewApiToken;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.ApiAuthenticationConfig;
import dev.trinomesh.catalog.identity.api.AuditLog;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.identity.api.WebSessions;
import io.airlift.units.Duration;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.util.Objects.requireNonNull;

/**
 * Who may make, list and revoke personal tokens: people for themselves, governance admins for anyone; product
 * identities never hold one. Every token made or revoked is audited.
 */
public class Tokens
{
    public static final int MAX_LISTED = 1_000;
    private static final int MAX_NAME_LENGTH = 128;

    private final TokenStore store;
    private final Callers callers;
    private final AuditLog audit;
    private final Duration defaultLifetime;
    private final Duration maxLifetime;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public Tokens(TokenStore store, Callers callers, AuditLog audit, ApiAuthenticationConfig config)
    {
        this.store = requireNonNull(store, "store is null");
        this.callers = requireNonNull(callers, "callers is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.defaultLifetime = config.getTokenLifetime();
        this.maxLifetime = config.getMaxTokenLifetime();
    }

    /** Makes a token for {@code user} (the caller when empty) on the caller's authority. */
    public NewApiToken create(Optional<String> user, Optional<String> name, Optional<String> expiresIn, String callerName)
    {
        refuseSessionName(name);
        Caller caller = callers.resolve(callerName);
        String owner = user.map(String::strip).filter(value -> !value.isEmpty()).orElse(callerName);
        if (!owner.equals(callerName) && !caller.admin()) {
            throw ServiceException.forbidden("only governance admins may make tokens for others; %s may make tokens for themselves only".formatted(callerName));
        }
        return issue(owner, name, expiresIn, callerName);
    }

    /** Makes a token for a user who just proved their password (./mesh login). */
    public NewApiToken login(String user, Optional<String> name, Optional<String> expiresIn)
    {
        refuseSessionName(name);
        return issue(user, name.or(() -> Optional.of("login")), expiresIn, user);
    }

    /** Opens a portal session: a token under the name the portal alone accepts, and the API refuses. */
    public NewApiToken session(String user, String expiresIn)
    {
        return issue(user, Optional.of(WebSessions.TOKEN_NAME), Optional.of(expiresIn), user);
    }

    private static void refuseSessionName(Optional<String> name)
    {
        if (name.map(String::strip).filter(WebSessions.TOKEN_NAME::equals).isPresent()) {
            throw ServiceException.badRequest("bad token name", List.of(new Violation("name", WebSessions.TOKEN_NAME, "is reserved for the portal's sessions, which are no API tokens: choose another name")));
        }
    }

    public List<ApiToken> list(Optional<String> user, String callerName)
    {
        Caller caller = callers.resolve(callerName);
        Optional<String> owner = user.isPresent() && user.orElseThrow().equals("*") ? Optional.empty() : Optional.of(user.orElse(callerName));
        if (!owner.equals(Optional.of(callerName)) && !caller.admin()) {
            throw ServiceException.forbidden("only governance admins may list others' tokens; %s may list their own".formatted(callerName));
        }
        return store.list(owner, MAX_LISTED);
    }

    public ApiToken revoke(long id, String callerName)
    {
        Caller caller = callers.resolve(callerName);
        ApiToken token = store.find(id).orElseThrow(() -> ServiceException.notFound("no token %s".formatted(id)));
        if (!token.user().equals(callerName) && !caller.admin()) {
            // Whether the token exists is none of the caller's business either.
            throw ServiceException.notFound("no token %s".formatted(id));
        }
        Instant now = clock.instant().truncatedTo(MILLIS);
        if (!store.revoke(id, callerName, now)) {
            throw ServiceException.conflict("token %s was already revoked, by %s at %s".formatted(id, token.revokedBy(), token.revokedAt()));
        }
        audit.record(callerName, "token.revoke", "user:" + token.user(), Map.of("token", String.valueOf(id), "name", token.name()));
        return store.find(id).orElseThrow();
    }

    private NewApiToken issue(String user, Optional<String> name, Optional<String> expiresIn, String createdBy)
    {
        RequestUser.check(user, "user");
        if (user.startsWith("product:")) {
            throw ServiceException.badRequest("a product identity (%s) never holds a token: it only runs its product's views".formatted(user));
        }
        String tokenName = name.map(String::strip).filter(value -> !value.isEmpty()).orElse("token");
        if (tokenName.length() > MAX_NAME_LENGTH) {
            throw ServiceException.badRequest("bad token name", List.of(new Violation("name", tokenName.substring(0, 20) + "…", "must be at most %s characters".formatted(MAX_NAME_LENGTH))));
        }
        Duration lifetime = expiresIn.map(this::lifetime).orElse(defaultLifetime);
        Instant now = clock.instant().truncatedTo(MILLIS);
        NewApiToken token = store.create(user, tokenName, now.plusMillis(lifetime.toMillis()), createdBy, now);
        audit.record(createdBy, "token.create", "user:" + user, Map.of("token", String.valueOf(token.token().id()), "name", tokenName, "expiresAt", token.token().expiresAt().toString()));
        return token;
    }

    private Duration lifetime(String text)
    {
        Duration lifetime;
        try {
            lifetime = Duration.valueOf(text.strip());
        }
        catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("bad token lifetime", List.of(new Violation("expiresIn", text, "must be a duration such as 30d, 12h or 90m")));
        }
        if (lifetime.toMillis() < 60_000 || lifetime.compareTo(maxLifetime) > 0) {
            throw ServiceException.badRequest("bad token lifetime", List.of(new Violation("expiresIn", text, "must be from 1m to %s (identity.token.max-lifetime)".formatted(maxLifetime))));
        }
        return lifetime;
    }
}
