package dev.trinomesh.catalog.identity.api;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Browser sessions for the portal. A session is a personal token named {@value #TOKEN_NAME}: listed with the person's
 * other tokens, revocable the same way, audited when made, and refused everywhere within seconds of its revocation.
 */
public interface WebSessions
{
    String TOKEN_NAME = "portal session";

    /**
     * Checks {@code password} against the password file and opens a session lasting {@code lifetime}.
     *
     * @throws dev.trinomesh.catalog.core.ServiceException 401 on a wrong user or password, 429 after too many failures from {@code client}
     */
    WebSession logIn(String user, String password, String client, Duration lifetime);

    /** The OpenID Connect issuer people may sign in with ({@code identity.oidc.issuer}), when there is one. */
    Optional<URI> oidcIssuer();

    /**
     * Opens a session for the person an ID token names, at the end of the issuer's sign-in (the authorization code
     * flow): the token must be the issuer's, for {@code clientId}, unexpired, and carry {@code nonce}.
     *
     * @throws dev.trinomesh.catalog.core.ServiceException 401 when it is not such a token
     */
    WebSession openWithIdToken(String idToken, String clientId, String nonce, Duration lifetime);

    /** The person a session secret proves; empty when it is not a live session (unknown, expired or revoked). */
    Optional<String> user(String secret);

    /** Ends the session: its token is revoked, here at once and on other replicas within seconds. */
    void logOut(String secret);

    record WebSession(String user, String secret, Instant expiresAt)
    {
        public WebSession
        {
            requireNonNull(user, "user is null");
            requireNonNull(secret, "secret is null");
            requireNonNull(expiresAt, "expiresAt is null");
        }
    }
}
