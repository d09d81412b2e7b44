package dev.trinomesh.catalog.server.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
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
import java.util.List;
import java.util.Map;

import static dev.trinomesh.catalog.testing.RawRequests.request;
import static dev.trinomesh.catalog.testing.RawRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP server at {@code /mcp} on the running service, through the SDK's own client, for what needs no Trino: the
 * tools' list, search and contracts as the caller may see them (a product they may not see answered as a missing
 * one), refusals as tool errors with the service's message, and the stateless transport's HTTP answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestMcpServer
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path groupFile;
    private TestingCatalogService service;
    private HttpClient http;

    @BeforeAll
    void start()
            throws IOException
    {
        groupFile = Files.createTempFile("groups", ".txt");
        Files.writeString(groupFile, "analysts:alice\nfinance:fiona\n");
        service = new TestingCatalogService(Map.of(
                "governance.admins", "user:admin",
                "governance.group-file", groupFile.toString(),
                "data.mcp.max-rows", "1"));
        http = HttpClient.newHttpClient();
        apply("shop", """
                {"apiVersion":"mesh/v1","kind":"DataProduct","metadata":{"name":"shop","domain":"sales","owner":"user:sam","version":"2.1.0","status":"published",
                 "description":"Orders of the web shop","tags":["orders","revenue"]},
                 "spec":{"datasets":[{"name":"orders","description":"One row per order","source":{"sql":"SELECT 1 AS order_id, 2 AS customer_id"},"columns":[
                   {"name":"order_id","type":"bigint","required":true,"unique":true,"description":"Order key"},
                   {"name":"customer_id","type":"bigint","description":"Who ordered","classification":"pii"}]}],
                 "access":{"consumers":["group:analysts"]}}}""");
        apply("shop_archive", """
                {"apiVersion":"mesh/v1","kind":"DataProduct","metadata":{"name":"shop_archive","domain":"sales","owner":"user:sam","version":"1.0.0","status":"published",
                 "description":"Orders of the web shop, archived"},
                 "spec":{"datasets":[{"name":"orders","source":{"sql":"SELECT 1 AS order_id"},"columns":[{"name":"order_id","type":"bigint"}]}],
                 "access":{"consumers":["group:analysts"]}}}""");
        apply("vault", """
                {"apiVersion":"mesh/v1","kind":"DataProduct","metadata":{"name":"vault","domain":"treasury","owner":"group:finance","version":"1.0.0","status":"published",
                 "description":"Orders paid, by the ledger"},
                 "spec":{"datasets":[{"name":"ledger","source":{"sql":"SELECT 1 AS balance"},"columns":[{"name":"balance","type":"integer"}]}]}}""");
    }

    @AfterAll
    void stop()
            throws IOException
    {
        http.close();
        service.close();
        Files.deleteIfExists(groupFile);
    }

    @Test
    void theToolsAreListedReadOnly()
    {
        try (McpSyncClient client = client("alice")) {
            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name).containsExactly("search_products", "describe", "read_dataset", "query_metric", "dataset_lineage");
            assertThat(tools).allSatisfy(tool -> {
                assertThat(tool.annotations().readOnlyHint()).isTrue();
                assertThat(tool.inputSchema()).containsEntry("type", "object");
            });
            assertThat(client.getServerInfo().name()).isEqualTo("trino-mesh");
        }
    }

    @Test
    void searchFindsOnlyWhatTheCallerMaySeeAndSaysWhenItIsCut()
    {
        try (McpSyncClient client = client("alice")) {
            // data.mcp.max-rows is 1 here: one hit of two, cut.
            JsonNode found = answer(client.callTool(call("search_products", Map.of("query", "ordrs"))));
            assertThat(found.path("total").asInt()).isEqualTo(2);
            assertThat(found.path("hits")).hasSize(1);
            assertThat(found.path("truncated").asBoolean()).isTrue();
            assertThat(found.path("nextOffset").asInt()).isEqualTo(1);
            assertThat(found.toString()).doesNotContain("vault", "treasury");
            JsonNode next = answer(client.callTool(call("search_products", Map.of("query", "ordrs", "offset", 1))));
            assertThat(next.path("truncated").asBoolean()).isFalse();
        }
    }

    @Test
    void describeGivesTheContractAndAnswersAProductTheCallerMayNotSeeAsAMissingOne()
    {
        try (McpSyncClient client = client("alice")) {
            JsonNode shop = answer(client.callTool(call("describe", Map.of("product", "shop"))));
            assertThat(shop.path("version").asText()).isEqualTo("2.1.0");
            JsonNode orders = shop.path("datasets").get(0);
            assertThat(orders.path("dataApi").asText()).isEqualTo(service.baseUri().resolve("/v1/data/shop/v2/orders").toString());
            assertThat(orders.path("readable").asBoolean()).isTrue();
            assertThat(orders.path("columns").get(0).path("unique").asBoolean()).isTrue();
            assertThat(orders.path("columns").get(1).path("classification").get(0).asText()).isEqualTo("pii");

            CallToolResult hidden = client.callTool(call("describe", Map.of("product", "vault")));
            CallToolResult missing = client.callTool(call("describe", Map.of("product", "nowhere")));
            assertThat(hidden.isError()).isTrue();
            assertThat(text(hidden).replace("vault", "nowhere")).isEqualTo(text(missing));
            assertThat(answer(hidden).path("status").asInt()).isEqualTo(404);

            // fiona sees vault: finance owns it.
            try (McpSyncClient fiona = client("fiona")) {
                assertThat(answer(fiona.callTool(call("describe", Map.of("product", "vault")))).path("domain").asText()).isEqualTo("treasury");
            }
        }
    }

    @Test
    void refusalsAreToolErrorsWithTheServicesMessage()
    {
        try (McpSyncClient client = client("alice")) {
            CallToolResult badFilter = client.callTool(call("read_dataset", Map.of("product", "shop", "dataset", "orders", "filters", Map.of("total.gt", 5, "limit", 3))));
            assertThat(badFilter.isError()).isTrue();
            assertThat(answer(badFilter).path("status").asInt()).isEqualTo(400);
            assertThat(text(badFilter)).contains("filters.limit", "is no filter");

            CallToolResult unknownColumn = client.callTool(call("read_dataset", Map.of("product", "shop", "dataset", "orders", "filters", List.of("total.gt=5"))));
            assertThat(unknownColumn.isError()).isTrue();
            assertThat(text(unknownColumn)).contains("total.gt", "names no column of dataset 'orders'");

            CallToolResult noMetric = client.callTool(call("query_metric", Map.of("product", "shop", "metric", "orders")));
            assertThat(noMetric.isError()).isTrue();
            assertThat(text(noMetric)).contains("product 'shop' has no metric 'orders'; its metrics are none");

            // What the input schema refuses is a tool error too, before the tool runs.
            CallToolResult unknownArgument = client.callTool(call("describe", Map.of("product", "shop", "version", "2")));
            assertThat(unknownArgument.isError()).isTrue();
            assertThat(text(unknownArgument)).contains("version");

            CallToolResult noColumn = client.callTool(call("dataset_lineage", Map.of("product", "shop", "dataset", "orders", "column", "nothing")));
            assertThat(noColumn.isError()).isTrue();
            assertThat(text(noColumn)).contains("has no column 'nothing'");
        }
    }

    @Test
    void theStatelessTransportTakesMessagesByPostOnly()
            throws IOException
    {
        HttpResponse<String> get = send(http, request(service.baseUri(), "GET", "/mcp", null, "Authorization", service.authorization("alice"), "Accept", "text/event-stream"));
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(send(http, request(service.baseUri(), "DELETE", "/mcp", null, "Authorization", service.authorization("alice"))).statusCode()).isEqualTo(405);

        // No session: a call needs no initialize before it, so any replica can answer it.
        HttpResponse<String> listed = send(http, request(service.baseUri(), "POST", "/mcp", """
                {"jsonrpc":"2.0","id":7,"method":"tools/list"}""", "Authorization", service.authorization("alice"), "Accept", "application/json, text/event-stream"));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(listed.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(listed.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(JSON.readTree(listed.body()).path("result").path("tools")).hasSize(5);

        HttpResponse<String> notification = send(http, request(service.baseUri(), "POST", "/mcp", """
                {"jsonrpc":"2.0","method":"notifications/initialized"}""", "Authorization", service.authorization("alice"), "Accept", "application/json, text/event-stream"));
        assertThat(notification.statusCode()).isEqualTo(202);
    }

    private McpSyncClient client(String user)
    {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(service.baseUri().toString())
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", service.authorization(user)))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments)
    {
        return new McpSchema.CallToolRequest(tool, arguments);
    }

    private static JsonNode answer(CallToolResult result)
    {
        return JSON.valueToTree(result.structuredContent());
    }

    private static String text(CallToolResult result)
    {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    private void apply(String name, String descriptor)
    {
        HttpResponse<String> response = send(http, request(service.baseUri(), "PUT", "/v1/products/" + name, descriptor, "Authorization", service.authorization("admin")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
