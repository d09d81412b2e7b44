package dev.trinomesh.catalog.server.identity;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.catalog.identity.authentication.ServiceTokens;
import dev.trinomesh.catalog.identity.tokens.TokenStore;
import dev.trinomesh.catalog.testing.RawRequests;
import dev.trinomesh.catalog.testing.TestingCatalogService;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * People log in with their Trino password once, for a personal token that expires and can be revoked; admins make
 * tokens for anyone; every token made or revoked is audited; guessing passwords or tokens is slowed down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestPersonalTokens
{
    private static final String ADMIN_SERVICE_TOKEN = "admin-service-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path directory;
    private TestingCatalogService service;
    private HttpClient client;

    @BeforeAll
    void start()
            throws IOException
    {
        directory = Files.createTempDirectory("personal-tokens");
        Path passwords = directory.resolve("password.db");
        Files.writeString(passwords, "alice:%s\nbob:%s\n".formatted(bcrypt("alice-secret"), bcrypt("bob-secret")));
        Path groups = directory.resolve("groups.txt");
        Files.writeString(groups, "analysts:alice,bob\n");
        Path serviceTokens = directory.resolve("api-tokens");
        Files.writeString(serviceTokens, "admin:sha256:%s\n".formatted(ServiceTokens.digest(ADMIN_SERVICE_TOKEN)));
        service = new TestingCatalogService(settings("1000"));
        client = HttpClient.newHttpClient();
    }

    private Map<String, String> settings(String maxFailedAttempts)
    {
        return Map.of(
                "identity.password-file", directory.resolve("password.db").toString(),
                "governance.group-file", directory.resolve("groups.txt").toString(),
                "api.token-file", directory.resolve("api-tokens").toString(),
                "identity.max-failed-attempts", maxFailedAttempts);
    }

    @AfterAll
    void stop()
            throws IOException
    {
        client.close();
        service.close();
        deleteRecursively(directory, ALLOW_INSECURE);
    }

    @Test
    void aPasswordLoginGivesAPersonalTokenThatNamesItsUserWhateverTheRequestClaims()
    {
        String token = login("alice", "alice-secret", "laptop");
        JsonNode me = json(send("GET", "/v1/auth/whoami", null, token, "X-Mesh-User", "admin"), 200);
        assertThat(me.path("user").asText()).isEqualTo("alice");
        assertThat(me.path("authenticatedBy").asText()).isEqualTo("token");
        assertThat(me.path("admin").asBoolean()).isFalse();
        assertThat(me.path("principals").toString()).contains("group:analysts", "user:alice");
        // Claiming admin in X-Mesh-User changes nothing: writing a global policy stays an admin's.
        HttpResponse<String> policy = send("PUT", "/v1/policies/p", """
                {"apiVersion": "mesh/v1", "kind": "Policy", "metadata": {"name": "p", "scope": "global"}, "spec": {"rules": [{"type": "deny", "principals": ["user:eve"]}]}}""", token, "X-Mesh-User", "admin");
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(403);
        assertThat(policy.body()).contains("alice is not one");
    }

    @Test
    void aWrongPasswordIsRefusedWithoutSayingWhich()
    {
        HttpResponse<String> wrong = send("POST", "/v1/auth/login", "{\"user\": \"bob\", \"password\": \"guess\"}", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("wrong user name or password");
        HttpResponse<String> unknown = send("POST", "/v1/auth/login", "{\"user\": \"nobody\", \"password\": \"guess\"}", null);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("wrong user name or password");
        HttpResponse<String> incomplete = send("POST", "/v1/auth/login", "{\"user\": \"bob\"}", null);
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(incomplete.body()).contains("\"path\":\"password\"");
    }

    @Test
    void peopleManageTheirOwnTokensAndAdminsEveryones()
    {
        String alice = login("alice", "alice-secret", "alice-admin-test");
        JsonNode made = json(send("POST", "/v1/tokens", "{\"name\": \"notebook\", \"expiresIn\": \"2h\"}", alice), 201);
        String notebook = made.path("secret").asText();
        long id = made.path("token").path("id").asLong();
        assertThat(made.path("token").path("user").asText()).isEqualTo("alice");
        assertThat(Duration.between(Instant.parse(made.path("token").path("createdAt").asText()), Instant.parse(made.path("token").path("expiresAt").asText()))).isEqualTo(Duration.ofHours(2));
        assertThat(json(send("GET", "/v1/auth/whoami", null, notebook), 200).path("user").asText()).isEqualTo("alice");

        // Listing shows names and times, never a secret; others' tokens are the admins'.
        HttpResponse<String> own = send("GET", "/v1/tokens", null, alice);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("\"name\":\"notebook\"").doesNotContain(notebook);
        assertThat(send("GET", "/v1/tokens?user=bob", null, alice).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/v1/tokens", "{\"user\": \"bob\", \"name\": \"x\"}", alice).statusCode()).isEqualTo(403);
        assertThat(json(send("POST", "/v1/tokens", "{\"user\": \"bob\", \"name\": \"made-by-admin\"}", ADMIN_SERVICE_TOKEN), 201).path("token").path("createdBy").asText()).isEqualTo("admin");
        assertThat(send("GET", "/v1/tokens?user=*", null, ADMIN_SERVICE_TOKEN).body()).contains("made-by-admin", "notebook");

        // Refusals name the field and the rule.
        assertThat(send("POST", "/v1/tokens", "{\"expiresIn\": \"forever\"}", alice).body()).contains("\"path\":\"expiresIn\"", "must be a duration");
        assertThat(send("POST", "/v1/tokens", "{\"expiresIn\": \"400d\"}", alice).body()).contains("must be from 1m to 365.00d");
        assertThat(send("POST", "/v1/tokens", "{\"user\": \"product:sales\"}", ADMIN_SERVICE_TOKEN).body()).contains("a product identity (product:sales) never holds a token");

        // A revoked token stops working within seconds; a token of someone else is not even found.
        assertThat(send("DELETE", "/v1/tokens/" + id, null, login("bob", "bob-secret", "bob")).statusCode()).isEqualTo(404);
        assertThat(json(send("DELETE", "/v1/tokens/" + id, null, alice), 200).path("revokedBy").asText()).isEqualTo("alice");
        Instant revoked = Instant.now();
        HttpResponse<String> refused;
        do {
            refused = send("GET", "/v1/auth/whoami", null, notebook);
        }
        while (refused.statusCode() == 200 && Duration.between(revoked, Instant.now()).toSeconds() < 10);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("was revoked by alice");
        assertThat(Duration.between(revoked, Instant.now())).as("revocation took effect within 5 s").isLessThan(Duration.ofSeconds(5));
        assertThat(send("DELETE", "/v1/tokens/" + id, null, alice).statusCode()).isEqualTo(409);

        // Every token made or revoked is in the audit, for admins only.
        JsonNode audit = json(send("GET", "/v1/audit?actor=alice", null, ADMIN_SERVICE_TOKEN), 200);
        assertThat(audit.toString()).contains("\"action\":\"token.revoke\"", "\"action\":\"token.create\"", "\"name\":\"notebook\"");
        assertThat(send("GET", "/v1/audit", null, alice).statusCode()).isEqualTo(403);
    }

    @Test
    void badInputIsRefusedClearlyAndChangesNothing()
    {
        String alice = login("alice", "alice-secret", "bad-input");
        int tokensBefore = json(send("GET", "/v1/tokens?user=*", null, ADMIN_SERVICE_TOKEN), 200).size();

        // Over-long credentials and headers: refused before anything is looked up.
        assertThat(send("GET", "/v1/auth/whoami", null, "mesh_" + "a".repeat(5_000)).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/v1/auth/whoami", null, alice, "X-Mesh-On-Behalf-Of", "bob".repeat(100)).statusCode()).isEqualTo(403);
        HttpResponse<String> longUser = send("POST", "/v1/auth/login", "{\"user\": \"%s\", \"password\": \"x\"}".formatted("u".repeat(300)), null);
        assertThat(longUser.statusCode()).as(longUser.body()).isEqualTo(400);
        assertThat(longUser.body()).contains("\"path\":\"user\"");
        HttpResponse<String> longPassword = send("POST", "/v1/auth/login", "{\"user\": \"alice\", \"password\": \"%s\"}".formatted("p".repeat(2_000)), null);
        assertThat(longPassword.statusCode()).isEqualTo(401);

        // Malformed bodies and identifiers name what is wrong.
        HttpResponse<String> notJson = send("POST", "/v1/tokens", "{\"name\": ", alice);
        assertThat(notJson.statusCode()).as(notJson.body()).isEqualTo(400);
        HttpResponse<String> longName = send("POST", "/v1/tokens", "{\"name\": \"%s\"}".formatted("n".repeat(200)), alice);
        assertThat(longName.statusCode()).isEqualTo(400);
        assertThat(longName.body()).contains("\"path\":\"name\"", "at most 128 characters");
        HttpResponse<String> badUser = send("POST", "/v1/tokens", "{\"user\": \"bad\\u0007user\"}", ADMIN_SERVICE_TOKEN);
        assertThat(badUser.statusCode()).as(badUser.body()).isEqualTo(400);
        assertThat(badUser.body()).contains("\"path\":\"user\"");
        assertThat(send("DELETE", "/v1/tokens/not-a-number", null, alice).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/v1/tokens/999999999", null, ADMIN_SERVICE_TOKEN).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v1/audit?limit=-1", null, ADMIN_SERVICE_TOKEN).statusCode()).isEqualTo(400);

        // None of it made or revoked a token.
        assertThat(json(send("GET", "/v1/tokens?user=*", null, ADMIN_SERVICE_TOKEN), 200).size()).isEqualTo(tokensBefore);
        assertThat(json(send("GET", "/v1/auth/whoami", null, alice), 200).path("user").asText()).isEqualTo("alice");
    }

    @Test
    void anExpiredTokenSaysSo()
    {
        String secret = service.getInstance(TokenStore.class).create("alice", "old", Instant.now().minusSeconds(1), "admin", Instant.now().minusSeconds(3600)).secret();
        HttpResponse<String> expired = send("GET", "/v1/auth/whoami", null, secret);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("expired at");
    }

    @Test
    void guessingIsSlowedDownPerClient()
    {
        // A service of its own: the limit counts per client address, and every test here calls from loopback.
        TestingCatalogService shared = service;
        try (TestingCatalogService strict = new TestingCatalogService(settings("4"))) {
            service = strict;
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(send("GET", "/v1/products", null, "mesh_" + "x".repeat(43)).statusCode());
            }
            // The minute may turn between two calls and reset the count: at least four guesses are answered, then 429.
            assertThat(statuses.subList(0, 4)).containsOnly(401);
            assertThat(statuses).contains(429);
            HttpResponse<String> limited = send("POST", "/v1/auth/login", "{\"user\": \"alice\", \"password\": \"alice-secret\"}", null);
            if (limited.statusCode() != 201) {
                assertThat(limited.statusCode()).isEqualTo(429);
                assertThat(limited.body()).contains("too many failed attempts");
                assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            }
        }
        finally {
            service = shared;
        }
    }

    private String login(String user, String password, String name)
    {
        return json(send("POST", "/v1/auth/login", "{\"user\": \"%s\", \"password\": \"%s\", \"name\": \"%s\"}".formatted(user, password, name), null), 201).path("secret").asText();
    }

    private HttpResponse<String> send(String method, String path, String body, String token, String... headers)
    {
        HttpRequest.Builder request = RawRequests.request(service.baseUri(), method, path, body, headers);
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

    private static String bcrypt(String password)
    {
        return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(8, password.toCharArray());
    }
}
