package dev.trinomesh.catalog.identity.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.OidcConfig;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * JWTs of the configured OpenID Connect issuer (the one Trino trusts too): signed by one of the issuer's keys (read
 * from its JWKS, found through its discovery document, refreshed by Nimbus when a new key appears), issued by it, for
 * this service's audience, not expired. The user is the configured claim.
 */
public final class OidcTokens
        implements BearerAuthenticator
{
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.PS256);

    private final URI issuer;
    private final Optional<URI> jwksUri;
    private final String audience;
    private final String principalClaim;
    private volatile DefaultJWTProcessor<SecurityContext> processor;

    public OidcTokens(URI issuer, OidcConfig config)
    {
        this.issuer = requireNonNull(issuer, "issuer is null");
        this.jwksUri = config.getJwksUri();
        this.audience = config.getAudience();
        this.principalClaim = config.getPrincipalClaim();
    }

    @Override
    public Optional<Authentication> authenticate(String token)
    {
        if (token.chars().filter(character -> character == '.').count() != 2) {
            return Optional.empty();
        }
        JWTClaimsSet claims;
        try {
            claims = processor().process(token, null);
        }
        catch (ParseException | BadJOSEException | JOSEException e) {
            throw new AuthenticationFailure("the JWT is not valid for this catalog service (issuer %s, audience %s): %s".formatted(issuer, audience, e.getMessage()));
        }
        Object user = claims.getClaim(principalClaim);
        if (!(user instanceof String name) || name.isBlank()) {
            throw new AuthenticationFailure("the JWT has no %s claim to name its user (identity.oidc.principal-claim)".formatted(principalClaim));
        }
        return Optional.of(new Authentication(name, "jwt"));
    }

    private DefaultJWTProcessor<SecurityContext> processor()
    {
        DefaultJWTProcessor<SecurityContext> current = processor;
        if (current == null) {
            synchronized (this) {
                current = processor;
                if (current == null) {
                    current = createProcessor(jwksUri.orElseGet(this::discoverJwksUri));
                    processor = current;
                }
            }
        }
        return current;
    }

    private DefaultJWTProcessor<SecurityContext> createProcessor(URI keys)
    {
        JWKSource<SecurityContext> source;
        try {
            source = JWKSourceBuilder.<SecurityContext>create(keys.toURL()).retrying(true).build();
        }
        catch (MalformedURLException e) {
            throw new IllegalArgumentException("the issuer's JWKS address is not a URL: " + keys, e);
        }
        DefaultJWTProcessor<SecurityContext> created = new DefaultJWTProcessor<>();
        // Access tokens of RFC 9068 providers are typed at+jwt; ID-token-style ones JWT or untyped.
        created.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        created.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source));
        created.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(audience), new JWTClaimsSet.Builder().issuer(issuer.toString()).build(), Set.of("exp"), null));
        return created;
    }

    /** The issuer's jwks_uri, from its discovery document; a provider out of reach is the service's trouble, not the caller's (503). */
    private URI discoverJwksUri()
    {
        URI discovery = URI.create(issuer.toString().replaceAll("/$", "") + "/.well-known/openid-configuration");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw ServiceException.unavailable("the OpenID Connect issuer answered %s to %s (identity.oidc.issuer)".formatted(response.statusCode(), discovery));
            }
            JsonNode document = new ObjectMapper().readTree(response.body());
            if (!issuer.toString().equals(document.path("issuer").asText())) {
                throw ServiceException.unavailable("%s names issuer '%s', not %s (identity.oidc.issuer)".formatted(discovery, document.path("issuer").asText(), issuer));
            }
            return URI.create(document.path("jwks_uri").asText());
        }
        catch (IOException e) {
            throw ServiceException.unavailable("cannot read the OpenID Connect issuer's %s (identity.oidc.issuer): %s".formatted(discovery, e.getMessage()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceException.unavailable("interrupted while reading " + discovery);
        }
    }
}
