package dev.trinomesh.catalog.server.identity;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.catalog.identity.authentication.ServiceTokens;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With api.token-file, the service knows its callers by their tokens, not by what they claim. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestApiAuthentication
{
    private static final String ADMIN_TOKEN = "admin-token-0123456789abcdef0123456789";
    private static final String SAM_TOKEN = "sam-token-0123456789abcdef0123456789ab";

    private Path tokenFile;
    private TestingCatalogService service;
    private JettyHttpClient httpClient;

    @BeforeAll
    void start()
            throws IOException
    {
        tokenFile = Files.createTempFile("tokens", ".txt");
        Files.writeString(tokenFile, """
                # user:sha256:hex of the token
                admin:sha256:%s
                sam:sha256:%s
                """.formatted(ServiceTokens.digest(ADMIN_TOKEN), ServiceTokens.digest(SAM_TOKEN)));
        service = new TestingCatalogService(Map.of("api.token-file", tokenFile.toString()));
        httpClient = new JettyHttpClient(new HttpClientConfig());
    }

    @AfterAll
    void stop()
            throws IOException
    {
        httpClient.close();
        service.close();
        Files.deleteIfExists(tokenFile);
    }

    private CatalogServiceClient client(Optional<String> token)
    {
        return new CatalogServiceClient(httpClient, service.baseUri(), token);
    }

    @Test
    void requestsWithoutAValidTokenAreRefused()
    {
        assertThatThrownBy(() -> client(Optional.empty()).listPolicies())
                .isInstanceOfSatisfying(CatalogServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e).hasMessageContaining("this catalog service requires a bearer token");
                });
        assertThatThrownBy(() -> client(Optional.of("guessed")).listDomains())
                .isInstanceOfSatisfying(CatalogServiceException.class, e -> assertThat(e).hasMessageContaining("the bearer token is not valid"));
        assertThat(client(Optional.of(SAM_TOKEN)).listDomains()).isNotNull();
    }

    @Test
    void theTokenSaysWhoIsCalling()
    {
        String policy = """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: authn_probe, scope: global}
                spec:
                  rules:
                    - {type: deny, principals: [group:interns]}
                """;
        assertThatThrownBy(() -> client(Optional.of(SAM_TOKEN)).applyPolicy("authn_probe", policy, Optional.empty(), false))
                .isInstanceOfSatisfying(CatalogServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e).hasMessageContaining("sam is not one");
                });
        assertThat(client(Optional.of(ADMIN_TOKEN)).applyPolicy("authn_probe", policy, Optional.empty(), false).policy().updatedBy()).isEqualTo("admin");
    }

    @Test
    void aRefusedRequestsConnectionIsNotReused()
            throws Exception
    {
        // The service refuses a request without reading its body, so it closes the connection; it must say so, or a
        // client sends its next request on the dropped connection and fails.
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int round = 0; round < 10; round++) {
                HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(service.baseUri() + "/iceberg/v1/aws/s3/sign"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"region\": \"%s\"}".formatted("x".repeat(256 * 1024))))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.headers().firstValue("Connection")).contains("close");
                HttpResponse<String> next = client.send(HttpRequest.newBuilder(URI.create(service.baseUri() + "/v1/domains"))
                        .header("Authorization", "Bearer " + SAM_TOKEN)
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void theSchemasStayPublic()
            throws Exception
    {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(service.baseUri() + "/v1/schemas/policy")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void theMcpServersRefusalSaysWhereToLearnHowToAuthenticate()
            throws Exception
    {
        String metadata = service.baseUri().resolve("/.well-known/oauth-protected-resource/mcp").toString();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(service.baseUri() + "/mcp"))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer resource_metadata=\"%s\"".formatted(metadata));
            assertThat(refused.body()).contains("this catalog service requires a bearer token");
            HttpResponse<String> wrongToken = client.send(HttpRequest.newBuilder(URI.create(service.baseUri() + "/mcp")).header("Authorization", "Bearer guessed").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrongToken.statusCode()).isEqualTo(401);
            assertThat(wrongToken.headers().firstValue("WWW-Authenticate")).contains("Bearer resource_metadata=\"%s\"".formatted(metadata));

            // Other routes' challenges stay as they were.
            HttpResponse<String> api = client.send(HttpRequest.newBuilder(URI.create(service.baseUri() + "/v1/domains")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(401);
            assertThat(api.headers().firstValue("WWW-Authenticate")).contains("Bearer");

            // The metadata is public: a client without a token reads it. No issuer is configured here, so it names none.
            for (String document : List.of(metadata, service.baseUri().resolve("/.well-known/oauth-protected-resource").toString())) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(document)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(document).isEqualTo(200);
                assertThat(response.body())
                        .contains("\"resource\":\"%s\"".formatted(service.baseUri().resolve("/mcp")))
                        .contains("\"bearer_methods_supported\":[\"header\"]")
                        .doesNotContain("authorization_servers");
            }
        }
    }

    @Test
    void theOpenLineageEndpointTakesTheTokenToo()
            throws Exception
    {
        // OpenLineage's HTTP transports post here; their api_key auth sends the key as a bearer token.
        String event = """
                {"eventType": "COMPLETE", "eventTime": "2025-06-01T12:00:00Z", "run": {"runId": "0190b2c4-6f0e-7d1a-9a5e-2f8c1b3d4e5f"},
                 "job": {"namespace": "spark", "name": "job"}}""";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUri() + "/api/v1/lineage"))
                .header("Content-Type", "application/json")
                // Once trusted on its own; no longer.
                .header("X-Mesh-User", "admin")
                .POST(HttpRequest.BodyPublishers.ofString(event));
        // A client each: the server may close the connection after refusing a request whose body it did not read,
        // and a client reusing it for the next request then fails on the closed connection (it once did in CI).
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> refused = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("this catalog service requires a bearer token");
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> accepted = client.send(request.header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(accepted.body()).isEqualTo("{\"received\":1,\"accepted\":1,\"duplicates\":0}");
        }
    }
}
