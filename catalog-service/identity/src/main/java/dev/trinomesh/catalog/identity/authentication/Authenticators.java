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

    @Inject
    public Authenticators(PersonalTokens personalTokens, ApiAuthenticationConfig config, OidcConfig oidc)
    {
        List<BearerAuthenticator> kinds = new ArrayList<>();
        kinds.add(requireNonNull(personalTokens, "personalTokens is null"));
        oidc.getIssuer().ifPresent(issuer -> kinds.add(new OidcTokens(issuer, oidc)));
        config.getTokenFile().map(Path::of).map(ServiceTokens::load).ifPresent(tokens -> kinds.add(token -> tokens.user(token).map(user -> new Authentication(user, "service-token"))));
        this.authenticators = List.copyOf(kinds);
        // Personal tokens are made by people who already proved who they are: one of these must let the first in.
        if (config.getTokenFile().isEmpty() && config.getPasswordFile().isEmpty() && oidc.getIssuer().isEmpty()) {
            throw new IllegalStateException("no caller could ever authenticate to this catalog service: set api.token-file (service tokens, e.g. for the Trino plugins and an admin), " +
                    "identity.password-file (Trino's password file, for ./mesh login) or identity.oidc.issuer (your OpenID Connect issuer)");
        }
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
