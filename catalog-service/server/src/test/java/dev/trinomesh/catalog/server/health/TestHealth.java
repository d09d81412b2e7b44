package dev.trinomesh.catalog.server.health;

import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness and readiness answer without a token, and say no more than up or down; nothing else opens without one. */
class TestHealth
{
    @Test
    void liveAndReadyWithoutATokenAndNothingElse()
            throws Exception
    {
        // A service that requires tokens (the testing service's empty token file), asked without one.
        try (TestingCatalogService service = new TestingCatalogService(Map.of());
                HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> live = client.send(HttpRequest.newBuilder(service.baseUri().resolve("/v1/health/live")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("{\"status\":\"live\"}");
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(service.baseUri().resolve("/v1/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"ready\"").contains("\"database\":\"up\"");
            HttpResponse<String> other = client.send(HttpRequest.newBuilder(service.baseUri().resolve(URI.create("/v1/catalog/snapshot"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(401);
            // A route that does not exist is no door either.
            HttpResponse<String> missing = client.send(HttpRequest.newBuilder(service.baseUri().resolve(URI.create("/v1/health/other"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isIn(401, 404);
        }
    }
}
