package dev.trinomesh.catalog.identity.sessions;

import com.google.inject.Inject;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.trinomesh.api.identity.ApiToken;
import dev.trinomesh.api.identity.NewApiToken;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.OidcConfig;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.identity.api.WebSessions;
import dev.trinomesh.catalog.identity.authentication.AuthenticationFailure;
import dev.trinomesh.catalog.identity.authentication.FailedAttempts;
import dev.trinomesh.catalog.identity.authentication.OidcTokens;
import dev.trinomesh.catalog.identity.authentication.Passwords;
import dev.trinomesh.catalog.identity.authentication.PersonalTokens;
import dev.trinomesh.catalog.identity.tokens.TokenSecrets;
import dev.trinomesh.catalog.identity.tokens.TokenStore;
import dev.trinomesh.catalog.identity.tokens.Tokens;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
    private final OidcConfig oidc;
    private final Map<String, OidcTokens> idTokens = new ConcurrentHashMap<>();

    @Inject
    public TokenWebSessions(Passwords passwords, FailedAttempts failedAttempts, Tokens tokens, TokenStore store, PersonalTokens personalTokens, OidcConfig oidc)
    {
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.failedAttempts = requireNonNull(failedAttempts, "failedAttempts is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.store = requireNonNull(store, "store is null");
        this.personalTokens = requireNonNull(personalTokens, "personalTokens is null");
        this.oidc = requireNonNull(oidc, "oidc is null");
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
    public Optional<URI> oidcIssuer()
    {
        return oidc.getIssuer();
    }

    @Override
    public WebSession openWithIdToken(String idToken, String clientId, String nonce, Duration lifetime)
    {
        URI issuer = oidc.getIssuer().orElseThrow(() -> ServiceException.unavailable("no OpenID Connect issuer is configured (identity.oidc.issuer)"));
        // The ID token is for the portal's client, not for the API's audience: a verifier of its own.
        OidcTokens verifier = idTokens.computeIfAbsent(clientId, audience -> new OidcTokens(issuer, new OidcConfig()
                .setIssuer(issuer)
                .setJwksUri(oidc.getJwksUri().orElse(null))
                .setAudience(audience)
                .setPrincipalClaim(oidc.getPrincipalClaim())));
        JWTClaimsSet claims;
        String user;
        try {
            claims = verifier.verify(idToken);
            user = verifier.user(claims);
        }
        catch (AuthenticationFailure e) {
            throw ServiceException.unauthorized("the issuer's ID token was refused: " + e.getMessage());
        }
        // The nonce ties the token to this browser's sign-in: a token replayed from another sign-in carries another.
        if (!nonce.equals(claims.getClaim("nonce"))) {
            throw ServiceException.unauthorized("the issuer's ID token is not for this sign-in (its nonce differs): sign in again");
        }
        RequestUser.check(user, oidc.getPrincipalClaim());
        return open(user, lifetime);
    }

    private WebSession open(String user, Duration lifetime)
    {
        NewApiToken token = tokens.session(user, new io.airlift.units.Duration(lifetime.toMillis(), MILLISECONDS).toString());
        return new WebSession(user, token.secret(), token.token().expiresAt());
    }

    @Override
    public Optional<String> user(String secret)
    {
        return personalTokens.sessionUser(secret);
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
