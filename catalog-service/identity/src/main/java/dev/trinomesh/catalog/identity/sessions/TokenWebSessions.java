package dev.trinomesh.catalog.identity.sessions;

import com.google.inject.Inject;
import dev.trinomesh.api.identity.ApiToken;
import dev.trinomesh.api.identity.NewApiToken;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.identity.api.WebSessions;
import dev.trinomesh.catalog.identity.authentication.AuthenticationFailure;
import dev.trinomesh.catalog.identity.authentication.FailedAttempts;
import dev.trinomesh.catalog.identity.authentication.Passwords;
import dev.trinomesh.catalog.identity.authentication.PersonalTokens;
import dev.trinomesh.catalog.identity.tokens.TokenSecrets;
import dev.trinomesh.catalog.identity.tokens.TokenStore;
import dev.trinomesh.catalog.identity.tokens.Tokens;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/** Sessions as personal tokens: one store, one revocation and one audit for every way a person signs in. */
public class TokenWebSessions
        implements WebSessions
{
    private static final int MAX_PASSWORD_LENGTH = 1024;

    private final Passwords passwords;
    private final FailedAttempts failedAttempts;
    private final Tokens tokens;
    private final TokenStore store;
    private final PersonalTokens personalTokens;

    @Inject
    public TokenWebSessions(Passwords passwords, FailedAttempts failedAttempts, Tokens tokens, TokenStore store, PersonalTokens personalTokens)
    {
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.failedAttempts = requireNonNull(failedAttempts, "failedAttempts is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.store = requireNonNull(store, "store is null");
        this.personalTokens = requireNonNull(personalTokens, "personalTokens is null");
    }

    @Override
    public WebSession logIn(String user, String password, String client, Duration lifetime)
    {
        long retryAfter = failedAttempts.retryAfterSeconds(client);
        if (retryAfter > 0) {
            throw ServiceException.tooManyRequests("too many failed attempts to sign in from %s; try again in %s s".formatted(client, retryAfter));
        }
        String name = user.strip();
        RequestUser.check(name, "user");
        if (password.isEmpty() || password.length() > MAX_PASSWORD_LENGTH || !passwords.verify(name, password)) {
            failedAttempts.failed(client);
            throw ServiceException.unauthorized("wrong user name or password");
        }
        return open(name, lifetime);
    }

    @Override
    public WebSession open(String user, Duration lifetime)
    {
        NewApiToken token = tokens.login(user, Optional.of(TOKEN_NAME), Optional.of(new io.airlift.units.Duration(lifetime.toMillis(), MILLISECONDS).toString()));
        return new WebSession(user, token.secret(), token.token().expiresAt());
    }

    @Override
    public Optional<String> user(String secret)
    {
        try {
            return personalTokens.authenticate(secret).map(authentication -> authentication.user());
        }
        catch (AuthenticationFailure _) {
            return Optional.empty();
        }
    }

    @Override
    public void logOut(String secret)
    {
        if (!TokenSecrets.looksLikeOne(secret)) {
            return;
        }
        String hash = TokenSecrets.hash(secret);
        Optional<ApiToken> token = store.findByHash(hash).filter(found -> found.revokedAt() == null);
        if (token.isPresent()) {
            tokens.revoke(token.orElseThrow().id(), token.orElseThrow().user());
        }
        personalTokens.forget(hash);
    }
}
