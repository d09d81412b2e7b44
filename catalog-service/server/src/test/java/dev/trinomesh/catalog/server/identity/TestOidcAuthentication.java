package dev.trinomesh.catalog.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.catalog.testing.RawRequests;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.testing.ClosedPort;
import dev.trinomesh.testing.TestingOidcServer;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.HTTPClient;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTClient;
import org.apache.iceberg.rest.auth.AuthSession;
import org.apache.iceberg.rest.auth.OAuth2Properties;
import org.apache.iceberg.rest.auth.OAuth2Util;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.trinomesh.testing.TestingOidcServer.CLIENT_SECRET;
import static dev.trinomesh.testing.TestingOidcServer.EXPIRED_SCOPE;
import static dev.trinomesh.testing.TestingOidcServer.OTHER_AUDIENCE_SCOPE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JWT door against a real OpenID Connect issuer (mock-oauth2-server as a process of its own, its tokens fetched
 * from its token endpoint and signed by it): the issuer's token names the user, and every other token is refused
 * with a 401 that says why, changing nothing. Iceberg's own REST client gets its token from the issuer with a
 * credential ({@code oauth2-server-uri}) and is authenticated at {@code /iceberg}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestOidcAuthentication
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path directory;
    private TestingOidcServer oidc;
    private TestingCatalogService service;
    private HttpClient client;

    @BeforeAll
    void start()
            throws IOException
    {
        directory = Files.createTempDirectory("oidc-authentication");
        Files.writeString(directory.resolve("groups.txt"), "analysts:sam,alice\nsales:sam\n");
        oidc = new TestingOidcServer();
        // No identity.oidc.jwks-uri: the service finds the keys through the issuer's discovery document.
        service = new TestingCatalogService(settings(oidc, "1000", Map.of()));
        client = HttpClient.newHttpClient();
    }

    private Map<String, String> settings(TestingOidcServer issuer, String maxFailedAttempts, Map<String, String> more)
    {
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "identity.oidc.issuer", issuer.issuer().toString(),
                "governance.group-file", directory.resolve("groups.txt").toString(),
                "identity.max-failed-attempts", maxFailedAttempts));
        settings.putAll(more);
        return settings;
    }

    @AfterAll
    void stop()
            throws IOException
    {
        if (client != null) {
            client.close();
        }
        if (service != null) {
            service.close();
        }
        if (oidc != null) {
            oidc.close();
        }
        deleteRecursively(directory, ALLOW_INSECURE);
    }

    @Test
    void theIssuersTokenNamesTheUserWhateverTheRequestClaims()
    {
        JsonNode me = json(send(service, "GET", "/v1/auth/whoami", null, oidc.token("sam"), "X-Mesh-User", "admin"), 200);
        assertThat(me.path("user").asText()).isEqualTo("sam");
        assertThat(me.path("authenticatedBy").asText()).isEqualTo("jwt");
        assertThat(me.path("admin").asBoolean()).isFalse();
        // Groups come from the group file (Trino's group provider's), not from the token.
        assertThat(me.path("principals").toString()).contains("user:sam", "group:analysts", "group:sales");
        assertThat(json(send(service, "GET", "/v1/auth/whoami", null, oidc.token("alice")), 200).path("principals").toString())
                .contains("user:alice", "group:analysts")
                .doesNotContain("group:sales");
        // A JWT user may use the API like anyone: here, make a personal token of their own.
        JsonNode made = json(send(service, "POST", "/v1/tokens", "{\"name\": \"from-jwt\"}", oidc.token("alice")), 201);
        assertThat(made.path("token").path("user").asText()).isEqualTo("alice");
        assertThat(json(send(service, "GET", "/v1/auth/whoami", null, made.path("secret").asText()), 200).path("user").asText()).isEqualTo("alice");
    }

    @Test
    void everyOtherTokenIsRefusedClearlyAndChangesNothing()
    {
        String valid = oidc.token("sam");
        int tokensBefore = json(send(service, "GET", "/v1/tokens", null, valid), 200).size();

        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("malformed: three parts, none of them JSON", "not.a.jwt");
        refusals.put("expired", oidc.token("mesh", "sam", EXPIRED_SCOPE));
        refusals.put("for another audience", oidc.token("mesh", "sam", OTHER_AUDIENCE_SCOPE));
        refusals.put("of another issuer of the same server", oidc.token("other", "sam", "openid"));
        refusals.put("claims changed after signing (sam made admin)", withPayload(valid, payload(valid).replace("\"sub\":\"sam\"", "\"sub\":\"admin\"")));
        refusals.put("signature changed", withSignature(valid, flipped(valid.substring(valid.lastIndexOf('.') + 1))));
        refusals.put("unsigned (alg none)", unsigned(valid));
        Map<String, String> expectedMessages = Map.of(
                "expired", "Expired JWT",
                "for another audience", "aud",
                "claims changed after signing (sam made admin)", "Invalid signature",
                "signature changed", "Invalid signature");

        List<String> bodies = new ArrayList<>();
        refusals.forEach((kind, token) -> {
            HttpResponse<String> refused = send(service, "POST", "/v1/tokens", "{\"name\": \"should-not-exist\"}", token);
            assertThat(refused.statusCode()).as("%s: %s", kind, refused.body()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).as(kind).contains("Bearer");
            assertThat(refused.body()).as(kind).contains("\"error\":\"Unauthorized\"");
            if (!kind.startsWith("malformed")) {
                assertThat(refused.body()).as(kind).contains("the JWT is not valid for this catalog service (issuer %s, audience mesh)".formatted(oidc.issuer()));
            }
            if (expectedMessages.containsKey(kind)) {
                assertThat(refused.body()).as(kind).contains(expectedMessages.get(kind));
            }
            bodies.add(refused.body());
        });

        HttpResponse<String> missing = send(service, "POST", "/v1/tokens", "{\"name\": \"should-not-exist\"}", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("this catalog service requires a bearer token", "a JWT of the service's OpenID Connect issuer");

        // Nothing was made, and the valid token still works (sam is neither admin nor locked out).
        JsonNode after = json(send(service, "GET", "/v1/tokens", null, valid), 200);
        assertThat(after.size()).isEqualTo(tokensBefore);
        assertThat(after.toString()).doesNotContain("should-not-exist");
        assertThat(json(send(service, "GET", "/v1/auth/whoami", null, valid), 200).path("admin").asBoolean()).isFalse();
        // A refusal never echoes the token it refused.
        assertThat(bodies).noneMatch(body -> body.contains(valid.substring(valid.lastIndexOf('.') + 1)));
    }

    @Test
    void icebergsRestClientGetsItsTokenFromTheIssuer()
            throws IOException
    {
        Map<String, String> properties = Map.of(
                "rest.auth.type", "oauth2",
                OAuth2Properties.OAUTH2_SERVER_URI, oidc.tokenEndpoint().toString(),
                OAuth2Properties.CREDENTIAL, "sam:" + CLIENT_SECRET,
                OAuth2Properties.SCOPE, "catalog");
        try (RESTCatalog catalog = service.lakeClient("oidc", "sam", properties)) {
            // The config call and a listing are authenticated with the issuer's token (no token of the service's own).
            assertThat(catalog.listNamespaces(Namespace.empty())).isNotNull();
        }
        // The token the client fetched (Iceberg's own OAuth2 code, the same request) names sam at the service.
        try (RESTClient rest = HTTPClient.builder(Map.of()).uri(oidc.issuer().toString()).withAuthSession(AuthSession.EMPTY).build()) {
            String token = OAuth2Util.fetchToken(rest, Map.of(), "sam:" + CLIENT_SECRET, "catalog", oidc.tokenEndpoint().toString(), Map.of()).token();
            JsonNode me = json(send(service, "GET", "/v1/auth/whoami", null, token), 200);
            assertThat(me.path("user").asText()).isEqualTo("sam");
            assertThat(me.path("authenticatedBy").asText()).isEqualTo("jwt");
            assertThat(send(service, "GET", "/iceberg/v1/config", null, token).statusCode()).isEqualTo(200);
        }

        // A credential at another issuer's token endpoint gets a token this service refuses, in the REST protocol's terms.
        Map<String, String> otherIssuer = Map.of(
                "rest.auth.type", "oauth2",
                OAuth2Properties.OAUTH2_SERVER_URI, oidc.tokenEndpoint("other").toString(),
                OAuth2Properties.CREDENTIAL, "sam:" + CLIENT_SECRET);
        assertThatThrownBy(() -> service.lakeClient("other", "sam", otherIssuer).close())
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("the JWT is not valid for this catalog service");
        HttpResponse<String> anonymous = send(service, "GET", "/iceberg/v1/config", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("NotAuthorizedException", "oauth2-server-uri and credential");
    }

    @Test
    void aRotatedKeyIsReadWhenATokenNeedsIt()
    {
        // A server and service of their own: the rotation replaces every key of the server, and the service re-reads
        // keys at most every 30 s, which the other tests here would use up.
        try (TestingOidcServer rotating = new TestingOidcServer(List.of("mesh"), List.of("mesh"));
                TestingCatalogService rotated = new TestingCatalogService(settings(rotating, "1000", Map.of("identity.oidc.jwks-uri", rotating.jwksUri().toString())))) {
            String before = rotating.token("sam");
            assertThat(json(send(rotated, "GET", "/v1/auth/whoami", null, before), 200).path("user").asText()).isEqualTo("sam");

            rotating.rotateKeys();
            // Signed with the new key under the same key id: the cached key does not verify it, so the service reads
            // the JWKS again, and accepts it.
            String after = rotating.token("alice");
            assertThat(header(before)).isEqualTo(header(after));
            HttpResponse<String> accepted = send(rotated, "GET", "/v1/auth/whoami", null, after);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            assertThat(json(accepted, 200).path("user").asText()).isEqualTo("alice");
            // The old key is gone: a token it signed is refused now.
            HttpResponse<String> old = send(rotated, "GET", "/v1/auth/whoami", null, before);
            assertThat(old.statusCode()).isEqualTo(401);
            assertThat(old.body()).contains("Invalid signature");
        }
    }

    @Test
    void anIssuerOutOfReachIsTheServicesTroubleNotTheCallers()
            throws IOException
    {
        try (ClosedPort closed = new ClosedPort();
                TestingCatalogService unreachable = new TestingCatalogService(settings(oidc, "1", Map.of("identity.oidc.jwks-uri", closed.uri() + "/jwks")))) {
            // The token may be fine: 503 saying the keys could not be read, and no failed attempt counted (the limit is 1).
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = send(unreachable, "GET", "/v1/auth/whoami", null, oidc.token("sam"));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.body()).contains("cannot read the signing keys (JWKS) of the OpenID Connect issuer " + oidc.issuer());
            }
        }
    }

    @Test
    void guessingTokensIsRateLimited()
    {
        // A service of its own: failed attempts count per client address, and every test here calls from loopback.
        try (TestingCatalogService strict = new TestingCatalogService(settings(oidc, "3", Map.of()))) {
            String valid = oidc.token("sam");
            String forged = withPayload(valid, payload(valid).replace("\"sub\":\"sam\"", "\"sub\":\"admin\""));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                statuses.add(send(strict, "POST", "/v1/tokens", "{\"name\": \"guess\"}", i % 2 == 0 ? forged : oidc.token("mesh", "sam", EXPIRED_SCOPE)).statusCode());
            }
            // The minute may turn between two calls and reset the count: at least three guesses are answered, then 429.
            assertThat(statuses.subList(0, 3)).containsOnly(401);
            assertThat(statuses).contains(429);
            HttpResponse<String> limited = send(strict, "GET", "/v1/tokens", null, valid);
            if (limited.statusCode() != 200) {
                assertThat(limited.statusCode()).isEqualTo(429);
                assertThat(limited.body()).contains("too many failed attempts");
                assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            }
            else {
                assertThat(limited.body()).doesNotContain("guess");
            }
        }
    }

    private static String header(String jwt)
    {
        return decode(jwt.split("\\.")[0]);
    }

    private static String payload(String jwt)
    {
        return decode(jwt.split("\\.")[1]);
    }

    private static String decode(String part)
    {
        return new String(Base64.getUrlDecoder().decode(part), UTF_8);
    }

    private static String encode(String json)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(UTF_8));
    }

    private static String withPayload(String jwt, String payload)
    {
        String[] parts = jwt.split("\\.");
        return parts[0] + "." + encode(payload) + "." + parts[2];
    }

    private static String withSignature(String jwt, String signature)
    {
        return jwt.substring(0, jwt.lastIndexOf('.') + 1) + signature;
    }

    /** The signature with its first bytes changed, still valid base64url. */
    private static String flipped(String signature)
    {
        byte[] bytes = Base64.getUrlDecoder().decode(signature);
        for (int i = 0; i < 8; i++) {
            bytes[i] ^= (byte) 0x5a;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The same claims under {"alg":"none"} and no signature: an unsecured JWT, which must never be accepted. */
    private static String unsigned(String jwt)
    {
        return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + jwt.split("\\.")[1] + ".";
    }

    private HttpResponse<String> send(TestingCatalogService target, String method, String path, String body, String token, String... headers)
    {
        HttpRequest.Builder request = RawRequests.request(target.baseUri(), method, path, body, headers);
        Optional.ofNullable(token).ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return RawRequests.send(client, request);
    }

    private static JsonNode json(HttpResponse<String> response, int status)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        try {
            return JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
