package dev.trinomesh.catalog.server.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.catalog.testing.RawRequests;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI documents' routes beside the data API's: {@code /v1/data/{product}/openapi.json} and
 * {@code /v1/data/openapi.json} reach their own resources and nothing else does (a dataset path, even one of a dataset
 * named openapi.json, still reaches the data API); a document is refused exactly as the product's data would be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDataOpenApiRoutes
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestingCatalogService service;
    private HttpClient client;

    @BeforeAll
    void start()
    {
        service = new TestingCatalogService(Map.of("governance.admins", "user:admin"));
        client = HttpClient.newHttpClient();
        for (String product : List.of("shop", "old", "sketch")) {
            assertThat(send("admin", "PUT", "/v1/products/" + product, product(product)).statusCode()).isEqualTo(201);
        }
        status("shop", "published");
        status("old", "published");
        status("old", "deprecated");
    }

    @AfterAll
    void stop()
    {
        client.close();
        service.close();
    }

    @Test
    void eachPathReachesItsOwnResource()
            throws IOException
    {
        JsonNode document = json(send("alice", "GET", "/v1/data/shop/openapi.json", null), 200);
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.get("paths").has("/v1/data/shop/v1/orders")).isTrue();
        JsonNode index = json(send("alice", "GET", "/v1/data/openapi.json", null), 200);
        assertThat(index.at("/urls/0/url").asText()).isEqualTo("/v1/data/old/openapi.json");
        assertThat(index.at("/urls/1/url").asText()).isEqualTo("/v1/data/shop/openapi.json");

        // The data API still answers its paths: its own 404s, not Jersey's.
        assertThat(json(send("alice", "GET", "/v1/data/nosuch/v1/orders", null), 404).get("message").asText()).startsWith("there is no product 'nosuch'");
        assertThat(json(send("alice", "GET", "/v1/data/shop/v1/openapi.json", null), 404).get("message").asText()).contains("has no dataset 'openapi.json'");
        assertThat(json(send("alice", "GET", "/v1/data/shop/v2/orders", null), 404).get("message").asText()).contains("there is no v2 yet");
    }

    @Test
    void aDocumentIsRefusedAsTheProductsDataIs()
            throws IOException
    {
        // eve consumes nothing: shop is, for her, a product that does not exist.
        HttpResponse<String> hidden = send("eve", "GET", "/v1/data/shop/openapi.json", null);
        HttpResponse<String> missing = send("eve", "GET", "/v1/data/nosuch/openapi.json", null);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body().replace("shop", "nosuch")).isEqualTo(missing.body());
        assertThat(hidden.body()).isEqualTo(send("eve", "GET", "/v1/data/shop/v1/orders", null).body());
        assertThat(json(send("eve", "GET", "/v1/data/openapi.json", null), 200).get("products")).isEmpty();

        // A draft is not served; a retired product is gone; a deprecated one is documented as deprecated.
        assertThat(send("alice", "GET", "/v1/data/sketch/openapi.json", null).statusCode()).isEqualTo(404);
        JsonNode deprecated = json(send("alice", "GET", "/v1/data/old/openapi.json", null), 200);
        assertThat(deprecated.at("/paths/~1v1~1data~1old~1v1~1orders/get/deprecated").asBoolean()).isTrue();
        status("old", "retired");
        assertThat(json(send("sam", "GET", "/v1/data/old/openapi.json", null), 410).get("message").asText()).contains("retired");
        // A consumer no longer sees a retired product at all: its document is refused as its data is.
        assertThat(send("alice", "GET", "/v1/data/old/openapi.json", null).body()).isEqualTo(send("alice", "GET", "/v1/data/old/v1/orders", null).body());
        List<String> listed = new ArrayList<>();
        json(send("admin", "GET", "/v1/data/openapi.json", null), 200).get("products").forEach(product -> listed.add(product.get("name").asText()));
        assertThat(listed).containsExactly("shop");
    }

    private void status(String product, String status)
    {
        HttpResponse<String> response = send("admin", "POST", "/v1/products/%s/status".formatted(product), "{\"status\": \"%s\"}".formatted(status));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpResponse<String> send(String user, String method, String path, String body)
    {
        return RawRequests.send(client, RawRequests.request(service.baseUri(), method, path, body, "Authorization", service.authorization(user)));
    }

    private static JsonNode json(HttpResponse<String> response, int status)
            throws IOException
    {
        assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static String product(String name)
    {
        return """
                {"apiVersion": "mesh/v1", "kind": "DataProduct",
                 "metadata": {"name": "%s", "domain": "sales", "owner": "user:sam", "version": "1.0.0", "description": "Orders"},
                 "spec": {"access": {"consumers": ["user:alice"]},
                          "datasets": [{"name": "orders", "source": {"sql": "SELECT 1 AS id"}, "columns": [{"name": "id", "type": "bigint", "required": true, "unique": true}]}]}}"""
                .formatted(name);
    }
}
