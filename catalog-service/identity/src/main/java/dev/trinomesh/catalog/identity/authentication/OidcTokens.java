package dev.trinomesh.catalog.identity.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
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
 * this service's audience, not expired. The user is the configured claim. A signature that does not verify makes the
 * service read the JWKS again (at most every {@link #RELOAD_INTERVAL}) and try once more: an issuer that replaces a
 * key under the same key id (or signs without key ids) would otherwise be refused until Nimbus's cache expired.
 */
public final class OidcTokens
        implements BearerAuthenticator
{
    /** As Nimbus's own rate limit on reading a JWKS again: a flood of forged signatures costs the issuer little. */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(30);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.PS256);

    private final URI issuer;
    private final Optional<URI> jwksUri;
    private final String audience;
    private final String principalClaim;
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    @GuardedBy("this")
    private long lastReload = System.nanoTime() - RELOAD_INTERVAL.toNanos();

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
        return Optional.of(new Authentication(user(verify(token)), "jwt"));
    }

    /**
     * The claims of a JWT this issuer signed for this audience, not expired.
     *
     * @throws AuthenticationFailure when it is not one
     */
    public JWTClaimsSet verify(String token)
    {
        try {
            return process(token);
        }
        catch (JWKSetUnavailableException e) {
            // The issuer's keys could not be read: the service's trouble, not the caller's (503, no failed attempt).
            throw ServiceException.unavailable("cannot read the signing keys (JWKS) of the OpenID Connect issuer %s (identity.oidc.issuer, identity.oidc.jwks-uri): %s".formatted(issuer, e.getMessage()));
        }
        catch (ParseException | BadJOSEException | JOSEException e) {
            throw new AuthenticationFailure("the JWT is not valid for this catalog service (issuer %s, audience %s): %s".formatted(issuer, audience, e.getMessage()));
        }
    }

    /** The user a verified token names, by {@code identity.oidc.principal-claim}. */
    public String user(JWTClaimsSet claims)
    {
        Object user = claims.getClaim(principalClaim);
        if (!(user instanceof String name) || name.isBlank()) {
            throw new AuthenticationFailure("the JWT has no %s claim to name its user (identity.oidc.principal-claim)".formatted(principalClaim));
        }
        return name;
    }

    private JWTClaimsSet process(String token)
            throws ParseException, BadJOSEException, JOSEException
    {
        try {
            return processor().process(token, null);
        }
        catch (BadJWSException e) {
            if (!reload()) {
                throw e;
            }
            return processor().process(token, null);
        }
    }

    /** Drops the keys read, so that the next token makes a new JWKS source; false when that was done too recently. */
    private synchronized boolean reload()
    {
        long now = System.nanoTime();
        if (now - lastReload < RELOAD_INTERVAL.toNanos()) {
            return false;
        }
        lastReload = now;
        processor = null;
        return true;
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
        // Nimbus asks the audience set whether it contains null, which Set.of answers with a NullPointerException (ImmutableSet says no).
        created.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(ImmutableSet.of(audience), new JWTClaimsSet.Builder().issuer(issuer.toString()).build(), Set.of("exp"), null));
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
