package dev.trinomesh.catalog.server.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.trinomesh.catalog.testing.RawRequests.request;
import static dev.trinomesh.catalog.testing.RawRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/search} on the running service: alice (an analyst, consumer of {@code shop}) finds shop and counts
 * only it; the admin finds {@code vault} too; eve finds and counts nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestSearchApi
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path groupFile;
    private TestingCatalogService service;
    private HttpClient client;

    @BeforeAll
    void start()
            throws IOException
    {
        groupFile = Files.createTempFile("groups", ".txt");
        Files.writeString(groupFile, "analysts:alice\nfinance:fiona\n");
        service = new TestingCatalogService(Map.of(
                "governance.admins", "user:admin",
                "governance.group-file", groupFile.toString()));
        client = HttpClient.newHttpClient();
        apply("shop", """
                {"apiVersion":"mesh/v1","kind":"DataProduct","metadata":{"name":"shop","domain":"sales","owner":"user:sam","version":"1.0.0",
                 "description":"Orders of the web shop","tags":["orders","revenue"]},
                 "spec":{"datasets":[{"name":"orders","source":{"sql":"SELECT 1 AS customer_id"},"columns":[{"name":"customer_id","type":"integer","classification":"pii"}]}],
                 "access":{"consumers":["group:analysts"]}}}""");
        apply("vault", """
                {"apiVersion":"mesh/v1","kind":"DataProduct","metadata":{"name":"vault","domain":"treasury","owner":"group:finance","version":"1.0.0",
                 "description":"Orders paid, by the ledger","tags":["revenue","secret"]},
                 "spec":{"datasets":[{"name":"ledger","source":{"sql":"SELECT 1 AS balance"},"columns":[{"name":"balance","type":"integer","classification":"confidential"}]}]}}""");
    }

    @AfterAll
    void stop()
            throws IOException
    {
        client.close();
        service.close();
        Files.deleteIfExists(groupFile);
    }

    @Test
    void aPersonFindsAndCountsOnlyWhatTheyMaySee()
    {
        JsonNode alice = search("alice", "q=ordrs");
        assertThat(products(alice)).containsExactly("shop");
        assertThat(alice.path("total").asInt()).isEqualTo(1);
        assertThat(facet(alice, "domain")).containsExactly("sales=1");
        assertThat(facet(alice, "tag")).containsExactly("orders=1", "revenue=1");
        assertThat(alice.toString()).doesNotContain("vault", "treasury", "secret", "confidential", "ledger");
        assertThat(alice.path("hits").get(0).path("matches").toString()).contains("\"kind\":\"tag\"");

        JsonNode admin = search("admin", "q=ordrs");
        assertThat(products(admin)).containsExactlyInAnyOrder("shop", "vault");
        assertThat(facet(admin, "domain")).containsExactlyInAnyOrder("sales=1", "treasury=1");

        JsonNode eve = search("eve", "q=ordrs");
        assertThat(products(eve)).isEmpty();
        assertThat(eve.path("total").asInt()).isZero();
        assertThat(eve.toString()).doesNotContain("vault", "shop", "treasury", "sales");
    }

    @Test
    void facetsNarrowAndKeepTheirOtherValues()
    {
        JsonNode admin = search("admin", "tag=secret&tag=orders&domain=treasury");
        assertThat(products(admin)).containsExactly("vault");
        assertThat(facet(admin, "domain")).containsExactlyInAnyOrder("sales=1", "treasury=1");
        JsonNode alice = search("alice", "classification=confidential");
        assertThat(products(alice)).isEmpty();
        assertThat(facet(alice, "classification")).containsExactly("pii=1", "confidential=0");
    }

    @Test
    void badParametersAreRefusedNamingThem()
    {
        assertThat(get("alice", "limit=0")).satisfies(response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("\"path\":\"limit\"");
        });
        assertThat(get("alice", "q=" + "x".repeat(250))).satisfies(response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("\"path\":\"q\"");
        });
    }

    private void apply(String name, String descriptor)
    {
        HttpResponse<String> response = send(client, request(service.baseUri(), "PUT", "/v1/products/" + name, descriptor, "Authorization", service.authorization("admin")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private JsonNode search(String user, String query)
    {
        HttpResponse<String> response = get(user, query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> get(String user, String query)
    {
        return send(client, request(service.baseUri(), "GET", "/v1/search?" + query, null, "Authorization", service.authorization(user)));
    }

    private static List<String> products(JsonNode result)
    {
        List<String> products = new ArrayList<>();
        result.path("hits").forEach(hit -> products.add(hit.path("product").asText()));
        return products;
    }

    private static List<String> facet(JsonNode result, String name)
    {
        List<String> values = new ArrayList<>();
        result.path("facets").forEach(dimension -> {
            if (dimension.path("name").asText().equals(name)) {
                dimension.path("values").forEach(value -> values.add(value.path("value").asText() + "=" + value.path("count").asInt()));
            }
        });
        return values;
    }
}
