package dev.trinomesh.catalog.identity;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.util.Optional;

/** An OpenID Connect issuer whose JWTs the service accepts as bearer tokens (the issuer Trino's JWT or OAuth2 authenticator trusts too). */
public class OidcConfig
{
    private URI issuer;
    private URI jwksUri;
    private String audience = "mesh";
    private String principalClaim = "sub";

    public Optional<URI> getIssuer()
    {
        return Optional.ofNullable(issuer);
    }

    @Config("identity.oidc.issuer")
    @ConfigDescription("Issuer URL of the OpenID Connect provider; when set, its JWTs (iss equal to it, aud containing identity.oidc.audience) authenticate people")
    public OidcConfig setIssuer(URI issuer)
    {
        this.issuer = issuer;
        return this;
    }

    public Optional<URI> getJwksUri()
    {
        return Optional.ofNullable(jwksUri);
    }

    @Config("identity.oidc.jwks-uri")
    @ConfigDescription("Where the issuer's signing keys are; read from the issuer's /.well-known/openid-configuration when not set")
    public OidcConfig setJwksUri(URI jwksUri)
    {
        this.jwksUri = jwksUri;
        return this;
    }

    @NotNull
    public String getAudience()
    {
        return audience;
    }

    @Config("identity.oidc.audience")
    @ConfigDescription("The audience a JWT must name for this service")
    public OidcConfig setAudience(String audience)
    {
        this.audience = audience;
        return this;
    }

    @NotNull
    public String getPrincipalClaim()
    {
        return principalClaim;
    }

    @Config("identity.oidc.principal-claim")
    @ConfigDescription("The JWT claim that names the user, as Trino's http-server.authentication.jwt.principal-field does")
    public OidcConfig setPrincipalClaim(String principalClaim)
    {
        this.principalClaim = principalClaim;
        return this;
    }
}
