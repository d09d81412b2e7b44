package dev.trinomesh.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.testing.TestingOidcServer;
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
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.trinomesh.integration.QueryWaits.outcome;
import static dev.trinomesh.integration.QueryWaits.until;
import static dev.trinomesh.integration.TestingSecureMesh.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP server against the demo mesh behind a Trino that signs people in with passwords and records lineage, through
 * the SDK's own client: a tool's rows are what the person's own SQL returns (alice's segment, her acctbal masked),
 * a product she may not see is answered as a missing one, answers are cut at data.mcp.max-rows and say so, metrics
 * carry their unit and grain, every tool query reaches Trino through the door mesh-mcp, and a client without a token
 * learns where to get one (the protected resource metadata names the service's OpenID Connect issuer, whose tokens
 * the server then takes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDataMcp
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ROWS = 50;

    private TestingOidcServer issuer;
    private TestingSecureMesh mesh;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void setUp()
            throws Exception
    {
        issuer = new TestingOidcServer();
        mesh = TestingSecureMesh.create(Map.of(
                "identity.oidc.issuer", issuer.issuer().toString(),
                "data.mcp.max-rows", String.valueOf(MAX_ROWS)), true);
        mesh.installDemo();
    }

    @AfterAll
    void tearDown()
    {
        http.close();
        if (mesh != null) {
            mesh.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    void theFiveToolsAreListed()
    {
        try (McpSyncClient client = client(mesh.service().tokenFor("alice"))) {
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .containsExactly("search_products", "describe", "read_dataset", "query_metric", "dataset_lineage");
        }
    }

    @Test
    void alicesRowsAreWhatHerSqlReturns()
            throws SQLException
    {
        try (McpSyncClient client = client(mesh.service().tokenFor("alice"))) {
            JsonNode page = answer(client.callTool(call("read_dataset", Map.of(
                    "product", "customer_profiles",
                    "dataset", "customers",
                    "fields", List.of("custkey", "name", "mktsegment", "acctbal"),
                    "filters", Map.of("custkey.lt", 150),
                    "order", "custkey"))));
            List<List<String>> tool = new ArrayList<>();
            page.get("rows").forEach(row -> tool.add(List.of(row.get("custkey").asText(), row.get("name").asText(), row.get("mktsegment").asText(),
                    row.get("acctbal").isNull() ? "null" : row.get("acctbal").asText())));
            List<List<String>> sql = new ArrayList<>();
            try (Connection connection = mesh.connect("alice")) {
                rows(connection, "SELECT custkey, name, mktsegment, acctbal FROM mesh.customer_profiles.customers WHERE custkey < 150 ORDER BY custkey")
                        .forEach(row -> sql.add(row.stream().map(value -> value == null ? "null" : String.valueOf(value)).toList()));
            }
            assertThat(tool).as("alice's rows through MCP and through SQL").isEqualTo(sql).isNotEmpty();
            // Her segment only, her acctbal masked, her names hashed: Trino's doing, the same for both.
            assertThat(tool).allSatisfy(row -> {
                assertThat(row.get(2)).isEqualTo("BUILDING");
                assertThat(row.get(3)).isEqualTo("null");
                assertThat(row.get(1)).doesNotStartWith("Customer#");
            });
            assertThat(page.get("truncated").asBoolean()).isFalse();
            assertThat(page.get("next").isNull()).isTrue();
            assertThat(page.get("columns").get(3).get("type").asText()).isEqualTo("double");
        }
    }

    @Test
    void aProductAliceMayNotSeeIsAnsweredAsAMissingOne()
    {
        try (McpSyncClient client = client(mesh.service().tokenFor("alice"))) {
            Map<String, Map<String, Object>> calls = Map.of(
                    "describe", Map.of(),
                    "read_dataset", Map.of("dataset", "monthly_net_revenue"),
                    "query_metric", Map.of("metric", "monthly_net_revenue"),
                    "dataset_lineage", Map.of("dataset", "monthly_net_revenue"));
            calls.forEach((tool, arguments) -> {
                CallToolResult hidden = client.callTool(call(tool, with(arguments, "product", "sales_revenue")));
                CallToolResult missing = client.callTool(call(tool, with(arguments, "product", "no_such_product")));
                assertThat(hidden.isError()).as(tool).isTrue();
                assertThat(answer(hidden).get("status").asInt()).as(tool).isEqualTo(404);
                assertThat(text(hidden).replace("sales_revenue", "no_such_product")).as(tool).isEqualTo(text(missing));
            });
            JsonNode search = answer(client.callTool(call("search_products", Map.of("query", "revenue"))));
            assertThat(search.toString()).doesNotContain("sales_revenue");
        }
    }

    @Test
    void answersAreCutAtTheMostRowsAndSaySo()
    {
        try (McpSyncClient client = client(mesh.service().tokenFor("alice"))) {
            Map<String, Object> read = Map.of("product", "customer_profiles", "dataset", "customers", "fields", "custkey", "order", List.of("custkey"), "limit", 5);
            JsonNode first = answer(client.callTool(call("read_dataset", read)));
            assertThat(first.get("rowCount").asInt()).isEqualTo(5);
            assertThat(first.get("truncated").asBoolean()).isTrue();
            assertThat(first.get("next").asText()).isNotEmpty();
            JsonNode second = answer(client.callTool(call("read_dataset", Map.of("product", "customer_profiles", "dataset", "customers", "cursor", first.get("next").asText(), "limit", 5))));
            assertThat(custkeys(second)).hasSize(5);
            assertThat(custkeys(second).getFirst()).isGreaterThan(custkeys(first).getLast());

            // More than data.mcp.max-rows asked for: the most, and the answer says more matched.
            JsonNode most = answer(client.callTool(call("read_dataset", Map.of("product", "customer_profiles", "dataset", "customers", "fields", "custkey", "limit", 10_000))));
            assertThat(most.get("rowCount").asInt()).isEqualTo(MAX_ROWS);
            assertThat(most.get("truncated").asBoolean()).isTrue();
        }
    }

    @Test
    void aMetricComesWithItsUnitAndGrain()
            throws SQLException
    {
        // fiona owns the metric (group finance consumes sales_revenue).
        try (McpSyncClient client = client(mesh.service().tokenFor("fiona"))) {
            CallToolResult result = client.callTool(call("query_metric", Map.of(
                    "product", "sales_revenue", "metric", "monthly_net_revenue", "by", List.of("month"), "from", "1995-01-01", "to", "1996-01-01")));
            JsonNode metric = answer(result);
            assertThat(metric.get("unit").asText()).isEqualTo("USD");
            assertThat(metric.get("grain").asText()).isEqualTo("month");
            assertThat(metric.get("truncated").asBoolean()).isFalse();
            List<String> tool = new ArrayList<>();
            metric.get("rows").forEach(row -> tool.add(row.get("month").asText() + "=" + row.get("net_revenue").decimalValue().stripTrailingZeros().toPlainString()));
            List<String> sql = new ArrayList<>();
            List<BigDecimal> values = new ArrayList<>();
            try (Connection connection = mesh.connect("fiona")) {
                rows(connection, "SELECT month, net_revenue FROM mesh.sales_revenue.monthly_net_revenue WHERE month >= DATE '1995-01-01' AND month < DATE '1996-01-01' ORDER BY month")
                        .forEach(row -> {
                            values.add((BigDecimal) row.get(1));
                            sql.add(row.get(0) + "=" + ((BigDecimal) row.get(1)).stripTrailingZeros().toPlainString());
                        });
            }
            assertThat(tool).hasSize(12).isEqualTo(sql);
            // The text the assistant reads carries each decimal as Trino gives it, scale and all.
            values.forEach(value -> assertThat(text(result)).contains("\"net_revenue\":" + value.toPlainString()));

            // All of it: more months than the most rows.
            JsonNode all = answer(client.callTool(call("query_metric", Map.of("product", "sales_revenue", "metric", "monthly_net_revenue"))));
            assertThat(all.get("rowCount").asInt()).isEqualTo(MAX_ROWS);
            assertThat(all.get("truncated").asBoolean()).isTrue();
        }
    }

    @Test
    void toolQueriesReachTrinoThroughTheMcpDoor()
    {
        try (McpSyncClient client = client(mesh.service().tokenFor("alice"))) {
            answer(client.callTool(call("read_dataset", Map.of("product", "customer_profiles", "dataset", "nations", "limit", 3))));
        }
        String queries = until("alice's MCP read in Trino's queries",
                () -> outcome(() -> mesh.value("admin", "SELECT count(*) FROM system.runtime.queries WHERE source = 'mesh-mcp' AND \"user\" = 'alice' AND query LIKE '%\"customer_profiles\".\"nations%'")),
                count -> !count.equals("0"));
        assertThat(Long.parseLong(queries)).isPositive();
        // Lineage and audit name the door: mcp, as the person, for the service.
        JsonNode audit = until("alice's MCP read in the audit trail", () -> json(get(mesh.service().authorization("admin"), "/v1/lineage/audit?user=alice&product=customer_profiles&limit=100"), 200),
                entries -> door(entries, "mcp") != null);
        JsonNode entry = door(audit, "mcp");
        assertThat(entry.get("source").asText()).isEqualTo("mesh-mcp");
        assertThat(entry.get("impersonator").asText()).isEqualTo("mesh-service");

        // And lineage tells alice where the dataset comes from.
        try (McpSyncClient client = client(mesh.service().tokenFor("alice"))) {
            CallToolResult upstream = until("the lineage of customers",
                    () -> client.callTool(call("dataset_lineage", Map.of("product", "customer_profiles", "dataset", "customers", "direction", "upstream"))),
                    result -> !Boolean.TRUE.equals(result.isError()) && answer(result).toString().contains("lake.customer_profiles.customers"));
            JsonNode lineage = answer(upstream);
            assertThat(lineage.get("dataset").asText()).isEqualTo("mesh.customer_profiles.customers");
            assertThat(lineage.has("downstream")).isFalse();
        }
    }

    @Test
    void aClientWithoutATokenLearnsWhereToGetOne()
            throws Exception
    {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(mesh.service().baseUri().resolve("/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        String challenge = refused.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).startsWith("Bearer resource_metadata=\"");
        URI metadataUri = URI.create(challenge.substring(challenge.indexOf('"') + 1, challenge.lastIndexOf('"')));

        JsonNode metadata = json(http.send(HttpRequest.newBuilder(metadataUri).build(), HttpResponse.BodyHandlers.ofString()), 200);
        assertThat(metadata.get("resource").asText()).isEqualTo(mesh.service().baseUri().resolve("/mcp").toString());
        assertThat(metadata.get("authorization_servers")).containsExactly(JSON.getNodeFactory().textNode(issuer.issuer().toString()));
        assertThat(metadata.get("bearer_methods_supported")).containsExactly(JSON.getNodeFactory().textNode("header"));

        // A token of that issuer is taken: the person it names is the caller.
        try (McpSyncClient client = client(issuer.token("alice"))) {
            JsonNode found = answer(client.callTool(call("search_products", Map.of("query", "customers"))));
            assertThat(found.get("hits").toString()).contains("customer_profiles").doesNotContain("sales_revenue");
        }
    }

    private static Map<String, Object> with(Map<String, Object> arguments, String name, Object value)
    {
        Map<String, Object> all = new HashMap<>(arguments);
        all.put(name, value);
        return all;
    }

    private static List<Long> custkeys(JsonNode page)
    {
        List<Long> keys = new ArrayList<>();
        page.get("rows").forEach(row -> keys.add(row.get("custkey").asLong()));
        return keys;
    }

    private static JsonNode door(JsonNode entries, String door)
    {
        for (JsonNode entry : entries) {
            if (door.equals(entry.path("door").asText())) {
                return entry;
            }
        }
        return null;
    }

    private McpSyncClient client(String token)
    {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(mesh.service().baseUri().toString())
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90)).build();
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

    private HttpResponse<String> get(String authorization, String path)
    {
        try {
            return http.send(HttpRequest.newBuilder(mesh.service().baseUri().resolve(path)).header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response, int status)
    {
        assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(status);
        try {
            return JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
