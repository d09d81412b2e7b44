package dev.trinomesh.catalog.identity.authentication;

import com.google.inject.Inject;
import dev.trinomesh.catalog.identity.ApiAuthenticationConfig;
import dev.trinomesh.catalog.identity.OidcConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Every kind of bearer token this service accepts: personal tokens, the issuer's JWTs, service tokens. */
public class Authenticators
{
    private final List<BearerAuthenticator> authenticators;
    private final boolean configured;

    @Inject
    public Authenticators(PersonalTokens personalTokens, ApiAuthenticationConfig config, OidcConfig oidc)
    {
        List<BearerAuthenticator> kinds = new ArrayList<>();
        kinds.add(requireNonNull(personalTokens, "personalTokens is null"));
        oidc.getIssuer().ifPresent(issuer -> kinds.add(new OidcTokens(issuer, oidc)));
        config.getTokenFile().map(Path::of).map(ServiceTokens::load).ifPresent(tokens -> kinds.add(token -> tokens.user(token).map(user -> new Authentication(user, "service-token"))));
        this.authenticators = List.copyOf(kinds);
        this.configured = config.getTokenFile().isPresent() || config.getPasswordFile().isPresent() || oidc.getIssuer().isPresent();
    }

    /**
     * Whether any way of authenticating is configured (service tokens, passwords, an issuer). Until every client of
     * the service authenticates, a service with none of them still names callers by {@code X-Mesh-User}.
     */
    public boolean configured()
    {
        return configured;
    }

    /**
     * The caller a bearer token proves; empty when no kind of token knows it.
     *
     * @throws AuthenticationFailure when a kind recognises the token but does not accept it (expired, revoked, badly signed)
     */
    public Optional<Authentication> authenticate(String token)
    {
        for (BearerAuthenticator authenticator : authenticators) {
            Optional<Authentication> authentication = authenticator.authenticate(token);
            if (authentication.isPresent()) {
                return authentication;
            }
        }
        return Optional.empty();
    }
}
