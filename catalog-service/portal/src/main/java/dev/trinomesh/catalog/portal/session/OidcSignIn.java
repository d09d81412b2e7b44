package dev.trinomesh.catalog.portal.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Suppliers;
import com.google.inject.Inject;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.WebSessions;
import dev.trinomesh.catalog.portal.PortalConfig;
import io.airlift.log.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Signing in at the OpenID Connect issuer: the authorization code flow with PKCE. The browser carries the flow's
 * secrets (state, nonce, PKCE verifier) in a short-lived cookie of its own, so any replica can finish what another
 * began; the ID token the code is exchanged for is verified by identity (signature, issuer, audience, nonce).
 */
public class OidcSignIn
{
    private static final Logger log = Logger.get(OidcSignIn.class);
    public static final String FLOW_COOKIE = "__Host-mesh-oidc";
    static final Duration FLOW_LIFETIME = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebSessions sessions;
    private final Optional<String> clientId;
    private final Optional<String> clientSecret;
    private final String scopes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Supplier<Endpoints> endpoints;

    @Inject
    public OidcSignIn(WebSessions sessions, PortalConfig config)
    {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.clientId = config.getOidcClientId();
        this.clientSecret = config.getOidcClientSecret();
        this.scopes = config.getOidcScopes();
        this.endpoints = Suppliers.memoizeWithExpiration(this::discover, Duration.ofMinutes(10));
    }

    /** Whether people may sign in at the issuer: the portal has a client there and identity knows the issuer. */
    public boolean enabled()
    {
        return clientId.isPresent() && sessions.oidcIssuer().isPresent();
    }

    /** Where to send the browser to sign in, and the flow cookie's value that must come back with the answer. */
    public Start start(URI callback, String next)
    {
        Flow flow = new Flow(random(), random(), random(), next);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(flow.verifier()));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId.orElseThrow());
        parameters.put("redirect_uri", callback.toString());
        parameters.put("scope", scopes);
        parameters.put("state", flow.state());
        parameters.put("nonce", flow.nonce());
        parameters.put("code_challenge", challenge);
        parameters.put("code_challenge_method", "S256");
        URI authorization = URI.create(endpoints.get().authorization() + (endpoints.get().authorization().contains("?") ? "&" : "?") + form(parameters));
        return new Start(authorization, flow.encode());
    }

    /** Finishes a sign-in: the state must match the flow's, the code is exchanged for an ID token, identity opens the session. */
    public WebSessions.WebSession finish(String flowCookie, String state, String code, URI callback, Duration lifetime)
    {
        Flow flow = Flow.decode(flowCookie).orElseThrow(() -> ServiceException.badRequest("this sign-in began elsewhere or too long ago (its cookie is missing): sign in again"));
        if (state == null || !CsrfTokens.matches(flow.state(), state)) {
            throw ServiceException.badRequest("the issuer's answer is not for this sign-in (its state differs): sign in again");
        }
        if (code == null || code.isBlank()) {
            throw ServiceException.badRequest("the issuer sent no authorization code: sign in again");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "authorization_code");
        parameters.put("code", code);
        parameters.put("redirect_uri", callback.toString());
        parameters.put("client_id", clientId.orElseThrow());
        parameters.put("code_verifier", flow.verifier());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoints.get().token())
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
        clientSecret.ifPresent(secret -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (URLEncoder.encode(clientId.orElseThrow(), UTF_8) + ":" + URLEncoder.encode(secret, UTF_8)).getBytes(UTF_8))));
        JsonNode answer = send(request.build(), "exchange the authorization code at the issuer's token endpoint");
        String idToken = answer.path("id_token").asText("");
        if (idToken.isEmpty()) {
            throw ServiceException.unauthorized("the issuer's token endpoint gave no ID token (ask for the openid scope: portal.oidc.scopes)");
        }
        return sessions.openWithIdToken(idToken, clientId.orElseThrow(), flow.nonce(), lifetime);
    }

    public static String next(String flowCookie)
    {
        return Flow.decode(flowCookie).map(Flow::next).orElse("/portal/");
    }

    private Endpoints discover()
    {
        URI issuer = sessions.oidcIssuer().orElseThrow(() -> ServiceException.unavailable("no OpenID Connect issuer is configured (identity.oidc.issuer)"));
        URI discovery = URI.create(issuer.toString().replaceAll("/$", "") + "/.well-known/openid-configuration");
        JsonNode document = send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10)).GET().build(), "read the issuer's discovery document");
        String authorization = document.path("authorization_endpoint").asText("");
        String token = document.path("token_endpoint").asText("");
        if (authorization.isEmpty() || token.isEmpty()) {
            throw ServiceException.unavailable("the issuer's discovery document %s names no authorization_endpoint or token_endpoint".formatted(discovery));
        }
        return new Endpoints(authorization, URI.create(token));
    }

    private JsonNode send(HttpRequest request, String what)
    {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                // The issuer's own words may hold what a person should not read (they go to the log).
                log.warn("could not %s: %s answered %s: %s", what, request.uri(), response.statusCode(), abbreviate(response.body()));
                throw ServiceException.unavailable("could not %s (the identity provider answered %s); the catalog service's log has its answer".formatted(what, response.statusCode()));
            }
            return JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw ServiceException.unavailable("could not %s at %s: %s".formatted(what, request.uri(), e.getMessage()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceException.unavailable("interrupted while trying to " + what);
        }
    }

    private static String abbreviate(String text)
    {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static String form(Map<String, String> parameters)
    {
        return parameters.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), UTF_8) + "=" + URLEncoder.encode(entry.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String random()
    {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String text)
    {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Start(URI authorization, String flowCookie) {}

    private record Endpoints(String authorization, URI token) {}

    /** The flow's secrets as the cookie carries them: four base64url parts joined by dots. */
    private record Flow(String state, String nonce, String verifier, String next)
    {
        String encode()
        {
            return String.join(".", state, nonce, verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(UTF_8)));
        }

        static Optional<Flow> decode(String value)
        {
            if (value == null) {
                return Optional.empty();
            }
            String[] parts = value.split("\\.");
            if (parts.length != 4) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Flow(parts[0], parts[1], parts[2], LoginResource.safeNext(new String(Base64.getUrlDecoder().decode(parts[3]), UTF_8))));
            }
            catch (IllegalArgumentException _) {
                return Optional.empty();
            }
        }
    }
}
