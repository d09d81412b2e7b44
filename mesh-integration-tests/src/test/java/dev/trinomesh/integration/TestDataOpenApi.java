package dev.trinomesh.integration;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import static dev.trinomesh.integration.QueryWaits.until;
import static dev.trinomesh.integration.TestingSecureMesh.rows;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data API's OpenAPI documents on the demo mesh: each person's index lists the products they may read, and the
 * data API's real answers (pages, streams, metrics, refusals: status, headers and body) validate against the document
 * the same person was given, with the OpenAPI request validator (OpenAPI 3.1, JSON Schema 2020-12); NDJSON lines,
 * which it does not read, with a JSON Schema 2020-12 validator against the row schema of the same document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDataOpenApi
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDERS = "/v1/data/sales_orders/v1/orders";
    private static final String CUSTOMERS = "/v1/data/customer_profiles/v2/customers";
    private static final String METRIC = "/v1/metrics/sales_revenue/monthly_net_revenue";

    private final HttpClient http = HttpClient.newHttpClient();
    private TestingSecureMesh mesh;

    @BeforeAll
    void setUp()
            throws Exception
    {
        mesh = TestingSecureMesh.create();
        mesh.installDemo();
    }

    @AfterAll
    void tearDown()
    {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void eachPersonsIndexListsTheProductsTheyMayRead()
            throws Exception
    {
        // alice is an analyst: not of finance or the executives (sales_revenue, executive_summary); returns_analysis is a draft.
        assertThat(indexedProducts("alice")).containsExactly("customer_profiles", "sales_orders", "supply_parts");
        assertThat(indexedProducts("xena")).containsExactly("executive_summary", "sales_revenue");
        assertThat(indexedProducts("eve")).isEmpty();
        assertThat(indexedProducts("admin")).containsExactly("customer_profiles", "executive_summary", "sales_orders", "sales_revenue", "supply_parts");

        // Every document alice is offered loads as OpenAPI 3.1; one she is not is refused as its data is.
        for (JsonNode link : index("alice").get("urls")) {
            JsonNode document = document("alice", link.get("url").asText());
            assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
            OpenApiInteractionValidator.createForInlineApiSpecification(document.toString()).build();
        }
        HttpResponse<String> hidden = get("alice", "/v1/data/sales_revenue/openapi.json");
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(get("alice", "/v1/data/sales_revenue/v1/monthly_revenue").body());

        // The contract's types and descriptions are in the row schema; customer_profiles is at version 2.
        JsonNode customers = document("alice", "/v1/data/customer_profiles/openapi.json");
        assertThat(customers.at("/info/version").asText()).isEqualTo("2.1.0");
        assertThat(customers.get("paths").has(CUSTOMERS)).isTrue();
        JsonNode row = customers.at("/components/schemas/CustomersRow");
        assertThat(row.get("required").toString()).isEqualTo("[\"custkey\",\"nationkey\"]");
        assertThat(row.at("/properties/acctbal/description").asText()).contains("Account balance in USD");
        assertThat(row.at("/properties/name/x-mesh-classification/0").asText()).isEqualTo("pii");
    }

    @Test
    void pagesAndTheirCursorsMatchTheDocument()
            throws Exception
    {
        OpenApiInteractionValidator orders = validator("alice", "sales_orders");
        String query = "?limit=5&orderstatus=O&totalprice.gt=1000";
        assertValid(orders.validateRequest(request("alice", ORDERS, query)));
        HttpResponse<String> first = get("alice", ORDERS + query);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertValid(orders.validateResponse(ORDERS, Request.Method.GET, response(first)));
        JsonNode page = JSON.readTree(first.body());
        assertThat(page.get("rows")).hasSize(5);
        assertThat(page.get("truncated").asBoolean()).isTrue();
        assertThat(first.headers().firstValue("Mesh-Snapshot")).hasValue(page.get("snapshot").asText());
        // Not a validator that lets anything through: a key that is not a number, or a snapshot that is not one, is caught.
        SimpleResponse tampered = SimpleResponse.Builder.ok().withContentType("application/json")
                .withBody(first.body().replaceFirst("\"orderkey\":(\\d+)", "\"orderkey\":\"$1\"")).build();
        assertThat(orders.validateResponse(ORDERS, Request.Method.GET, tampered).hasErrors()).isTrue();
        SimpleResponse badHeader = SimpleResponse.Builder.ok().withContentType("application/json").withBody(first.body()).withHeader("Mesh-Snapshot", "latest").build();
        assertThat(orders.validateResponse(ORDERS, Request.Method.GET, badHeader).hasErrors()).isTrue();

        HttpResponse<String> second = get("alice", ORDERS + "?limit=5&cursor=" + URLEncoder.encode(page.get("next").asText(), UTF_8));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertValid(orders.validateResponse(ORDERS, Request.Method.GET, response(second)));

        // alice's customers: her segment, names hashed, balances masked to null; the row schema still holds.
        OpenApiInteractionValidator customers = validator("alice", "customer_profiles");
        HttpResponse<String> masked = get("alice", CUSTOMERS + "?limit=3&order=acctbal.desc");
        assertThat(masked.statusCode()).as(masked.body()).isEqualTo(200);
        assertValid(customers.validateResponse(CUSTOMERS, Request.Method.GET, response(masked)));
        JsonNode customer = JSON.readTree(masked.body()).get("rows").get(0);
        assertThat(customer.get("mktsegment").asText()).isEqualTo("BUILDING");
        assertThat(customer.get("acctbal").isNull()).isTrue();
    }

    @Test
    void streamsMatchTheDocument()
            throws Exception
    {
        JsonNode document = document("alice", "/v1/data/sales_orders/openapi.json");
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(document.toString()).build();

        HttpResponse<String> ndjson = get("alice", ORDERS + "?limit=20&orderpriority=1-URGENT&format=ndjson");
        assertThat(ndjson.statusCode()).as(ndjson.body()).isEqualTo(200);
        assertValid(validator.validateResponse(ORDERS, Request.Method.GET, response(ndjson)));
        // The validator reads no NDJSON: each line is checked against the document's row schema here.
        Schema row = componentSchema(document, "OrdersRow");
        List<String> lines = ndjson.body().lines().toList();
        assertThat(lines).hasSize(20);
        for (String line : lines) {
            assertThat(row.validate(JSON.readTree(line))).as(line).isEmpty();
        }

        HttpResponse<String> csv = get("alice", ORDERS + "?limit=3&fields=orderkey,totalprice", "Accept", "text/csv");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertValid(validator.validateResponse(ORDERS, Request.Method.GET, response(csv)));
        assertThat(csv.body().lines().findFirst()).hasValue("orderkey,totalprice");
    }

    @Test
    void metricAnswersMatchTheDocument()
            throws Exception
    {
        // xena, an executive, reads sales_revenue; alice may not even see it.
        OpenApiInteractionValidator revenue = validator("xena", "sales_revenue");
        String query = "?from=1995-01-01&to=1996-01-01";
        assertValid(revenue.validateRequest(request("xena", METRIC, query)));
        HttpResponse<String> answer = get("xena", METRIC + query);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertValid(revenue.validateResponse(METRIC, Request.Method.GET, response(answer)));
        JsonNode rows = JSON.readTree(answer.body()).get("rows");
        assertThat(rows).hasSize(12);
        assertThat(rows.get(0).get("month").asText()).isEqualTo("1995-01-01");
        assertThat(rows.get(0).get("net_revenue").isNumber()).isTrue();

        HttpResponse<String> overall = get("xena", METRIC + "?limit=1");
        assertValid(revenue.validateResponse(METRIC, Request.Method.GET, response(overall)));
    }

    @Test
    void aPreviousMajorIsDocumentedDeprecatedAndAnswersSo()
            throws Exception
    {
        // supply_parts 2.0.0 drops a column of parts, and serves 1.x beside it for a month.
        String descriptor = Files.readString(Path.of("../examples/demo/supply_parts.yaml"))
                .replace("version: 1.3.0", "version: 2.0.0")
                .replaceFirst("\\s+- \\{name: comment, type: varchar}", "")
                .replace("  access:", "  previousMajor: {until: %s}\n  access:".formatted(LocalDate.now(ZoneOffset.UTC).plusDays(30)));
        mesh.registry().applyProduct("supply_parts", descriptor, Optional.of("*"), false);
        String previous = "/v1/data/supply_parts/v1/parts";
        until("supply_parts 1.x to be served beside 2.0.0", () -> answer("alice", previous + "?limit=1"), answer -> answer.startsWith("200 "));

        JsonNode document = document("alice", "/v1/data/supply_parts/openapi.json");
        assertThat(document.at("/info/version").asText()).isEqualTo("2.0.0");
        JsonNode paths = document.get("paths");
        assertThat(paths.get("/v1/data/supply_parts/v2/parts").get("get").has("deprecated")).isFalse();
        assertThat(paths.get(previous).get("get").get("deprecated").asBoolean()).isTrue();
        assertThat(document.at("/components/schemas/PartsRow/properties").has("comment")).isFalse();
        assertThat(document.at("/components/schemas/PartsV1Row/properties").has("comment")).isTrue();

        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(document.toString()).build();
        HttpResponse<String> old = get("alice", previous + "?limit=3");
        assertThat(old.statusCode()).as(old.body()).isEqualTo(200);
        assertThat(old.headers().firstValue("Sunset")).isPresent();
        assertThat(old.headers().firstValue("Link")).hasValue("</v1/data/supply_parts/v2/parts>; rel=\"successor-version\"");
        assertValid(validator.validateResponse(previous, Request.Method.GET, response(old)));
        HttpResponse<String> current = get("alice", "/v1/data/supply_parts/v2/parts?limit=3");
        assertValid(validator.validateResponse("/v1/data/supply_parts/v2/parts", Request.Method.GET, response(current)));
    }

    @Test
    void refusalsMatchTheDocument()
            throws Exception
    {
        OpenApiInteractionValidator orders = validator("alice", "sales_orders");
        // A value the contract refuses: the document says so before the service does.
        String bad = "?totalprice.gt=lots&orderdate.ge=yesterday";
        assertThat(orders.validateRequest(request("alice", ORDERS, bad)).hasErrors()).isTrue();
        HttpResponse<String> refused = get("alice", ORDERS + bad);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertValid(orders.validateResponse(ORDERS, Request.Method.GET, response(refused)));
        assertThat(JSON.readTree(refused.body()).get("violations")).hasSize(2);

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(mesh.service().baseUri().toString().replaceAll("/$", "") + ORDERS)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertValid(orders.validateResponse(ORDERS, Request.Method.GET, response(anonymous)));

        HttpResponse<String> unacceptable = get("alice", ORDERS, "Accept", "application/xml");
        assertThat(unacceptable.statusCode()).isEqualTo(406);
        assertValid(orders.validateResponse(ORDERS, Request.Method.GET, response(unacceptable)));

        // A metric alice may not see is answered 404, as the document of someone who may read it says it can be.
        HttpResponse<String> hidden = get("alice", METRIC);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertValid(validator("xena", "sales_revenue").validateResponse(METRIC, Request.Method.GET, response(hidden)));
    }

    private List<String> indexedProducts(String user)
            throws IOException, InterruptedException
    {
        List<String> products = new ArrayList<>();
        index(user).get("products").forEach(product -> products.add(product.get("name").asText()));
        assertThat(products).as("%s's index, sorted", user).isEqualTo(new ArrayList<>(new TreeSet<>(products)));
        return products;
    }

    /** The status and body of a GET, for waiting on one. */
    private String answer(String user, String path)
    {
        try {
            HttpResponse<String> response = get(user, path);
            return response.statusCode() + " " + response.body();
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private JsonNode index(String user)
            throws IOException, InterruptedException
    {
        return document(user, "/v1/data/openapi.json");
    }

    private JsonNode document(String user, String path)
            throws IOException, InterruptedException
    {
        HttpResponse<String> response = get(user, path);
        assertThat(response.statusCode()).as("%s as %s: %s", path, user, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private OpenApiInteractionValidator validator(String user, String product)
            throws IOException, InterruptedException
    {
        return OpenApiInteractionValidator.createForInlineApiSpecification(document(user, "/v1/data/%s/openapi.json".formatted(product)).toString()).build();
    }

    /** A component schema of {@code document}, its references resolved within the document, with format assertions. */
    private static Schema componentSchema(JsonNode document, String name)
    {
        ObjectNode root = document.deepCopy();
        root.put("$ref", "#/components/schemas/" + name);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        return registry.getSchema(SchemaLocation.of("https://mesh.invalid/openapi.json"), root);
    }

    private static void assertValid(ValidationReport report)
    {
        assertThat(report.getMessages()).as("what the OpenAPI validator reports").isEmpty();
    }

    /** The request as the validator reads it: its query parameters decoded, its token. */
    private SimpleRequest request(String user, String path, String query)
    {
        SimpleRequest.Builder request = SimpleRequest.Builder.get(path).withAuthorization(mesh.service().authorization(user));
        for (String pair : query.substring(1).split("&")) {
            int equals = pair.indexOf('=');
            request.withQueryParam(URLDecoder.decode(pair.substring(0, equals), UTF_8), URLDecoder.decode(pair.substring(equals + 1), UTF_8));
        }
        return request.build();
    }

    /** The response as the validator reads it: its status, every header, its body. */
    private static SimpleResponse response(HttpResponse<String> response)
    {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Content-Type")) {
                builder.withContentType(values.getFirst());
            }
            else if (!name.startsWith(":")) {
                builder.withHeader(name, values);
            }
        });
        return builder.build();
    }

    private HttpResponse<String> get(String user, String path, String... headers)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mesh.service().baseUri().toString().replaceAll("/$", "") + path))
                .header("Authorization", mesh.service().authorization(user))
                .timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
