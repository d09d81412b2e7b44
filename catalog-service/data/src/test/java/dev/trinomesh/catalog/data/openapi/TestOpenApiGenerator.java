package dev.trinomesh.catalog.data.openapi;

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
import dev.trinomesh.api.model.Access;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetSource;
import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.api.model.Metric;
import dev.trinomesh.api.model.ProductMetadata;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductSpec;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.data.DataConfig;
import dev.trinomesh.catalog.data.format.JsonRows;
import dev.trinomesh.catalog.data.format.PageEnd;
import dev.trinomesh.catalog.data.format.PageHeader;
import dev.trinomesh.catalog.data.format.ResultColumn;
import dev.trinomesh.catalog.data.metrics.MetricAnswer;
import dev.trinomesh.catalog.data.request.ContractType;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document of a product with every contract type, required and nullable columns, a metric and a previous major:
 * its shape, that it parses as OpenAPI 3.1, and that answers written by the data API's own writers validate against
 * it (and wrong ones do not) with the OpenAPI validator.
 */
class TestOpenApiGenerator
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ORDERS = "/v1/data/shop/v2/orders";

    private static final List<Column> COLUMNS = List.of(
            column("id", "bigint", true, true, "Order key"),
            column("flag", "boolean", false, false, "Whether the order is flagged"),
            column("tiny", "tinyint", false, false, null),
            column("small", "smallint", false, false, null),
            column("qty", "integer", true, false, "Units ordered"),
            column("amount", "decimal(10,2)", false, false, "Order total in USD"),
            column("ratio", "double", false, false, null),
            column("score", "real", false, false, null),
            column("label", "varchar(20)", false, false, "A short label"),
            column("note", "varchar", false, false, null),
            column("day", "date", true, false, "Day of the order"),
            column("at", "timestamp(6)", false, false, null),
            column("at_zone", "timestamp(3) with time zone", false, false, null),
            column("clock", "time", false, false, null),
            column("tags", "array(varchar)", false, false, null),
            column("attributes", "map(varchar, integer)", false, false, null),
            column("point", "row(x double, y double)", false, false, null));

    private final OpenApiGenerator generator = new OpenApiGenerator(new DataConfig());
    private final ObjectNode document = generator.generate(product(ProductStatus.PUBLISHED), product(ProductStatus.PUBLISHED).descriptor().spec().datasets(), List.of(previousMajor()));
    private final String json = document.toString();

    @Test
    void describesTheProductAndItsToken()
    {
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.at("/info/title").asText()).isEqualTo("shop");
        assertThat(document.at("/info/version").asText()).isEqualTo("2.1.0");
        assertThat(document.at("/info/description").asText()).contains("Orders of the shop", "domain `sales`", "Authorization: Bearer");
        assertThat(document.at("/servers/0/url").asText()).isEqualTo("/");
        assertThat(document.at("/components/securitySchemes/meshApiToken/type").asText()).isEqualTo("http");
        assertThat(document.at("/components/securitySchemes/meshApiToken/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/security/0").has("meshApiToken")).isTrue();
        List<String> paths = new ArrayList<>();
        document.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactly(ORDERS, "/v1/data/shop/v2/monthly_sales", "/v1/metrics/shop/monthly_sales", "/v1/data/shop/v1/orders");
        assertThat(operation(ORDERS).has("deprecated")).isFalse();
        assertThat(operation("/v1/data/shop/v1/orders").get("deprecated").asBoolean()).isTrue();
        assertThat(operation("/v1/data/shop/v1/orders").get("description").asText()).contains("served until 2999-12-31", ORDERS);
    }

    @Test
    void everyColumnHasTheFiltersItsTypeTakes()
    {
        Map<String, JsonNode> parameters = parameters(ORDERS);
        assertThat(parameters).containsKeys("fields", "order", "limit", "cursor", "format");
        assertThat(parameters.get("fields").at("/schema/items/enum")).hasSize(COLUMNS.size());
        assertThat(parameters.get("fields").get("explode").asBoolean()).isFalse();
        assertThat(parameters.get("order").at("/schema/items/enum").toString()).contains("\"amount.desc\"").doesNotContain("tags");
        assertThat(parameters.get("format").at("/schema/enum").toString()).isEqualTo("[\"json\",\"ndjson\",\"csv\",\"arrow\"]");

        assertThat(parameters.get("id").get("schema").toString()).isEqualTo("{\"type\":\"integer\",\"format\":\"int64\"}");
        assertThat(parameters.get("tiny.gt").get("schema").toString()).isEqualTo("{\"type\":\"integer\",\"format\":\"int32\",\"minimum\":-128,\"maximum\":127}");
        assertThat(parameters.get("amount.gt").get("schema").get("type").asText()).isEqualTo("number");
        assertThat(parameters.get("amount.gt").get("description").asText()).contains("Order total in USD", "greater than");
        assertThat(parameters.get("label.like").get("schema").get("type").asText()).isEqualTo("string");
        assertThat(parameters.get("label.eq").get("schema").get("maxLength").asInt()).isEqualTo(20);
        assertThat(parameters.get("day.between").get("schema").toString()).isEqualTo("{\"type\":\"array\",\"minItems\":2,\"maxItems\":2,\"items\":{\"type\":\"string\",\"format\":\"date\"}}");
        assertThat(parameters.get("day.in").get("style").asText()).isEqualTo("form");
        assertThat(parameters.get("at_zone.ge").get("schema").get("format").asText()).isEqualTo("date-time");
        assertThat(parameters.get("flag.is_null").get("schema").get("type").asText()).isEqualTo("boolean");
        // like only on text; only is_null on what cannot be compared.
        assertThat(parameters).doesNotContainKeys("amount.like", "tags", "tags.eq", "point.in", "attributes.like");
        assertThat(parameters).containsKeys("tags.is_null", "point.is_null", "attributes.is_null");
        // Every parameter is a query parameter of its own name.
        assertThat(parameters.values()).allSatisfy(parameter -> assertThat(parameter.has("$ref") || parameter.get("in").asText().equals("query")).isTrue());
    }

    @Test
    void rowsAreTypedByTheContract()
    {
        JsonNode row = document.at("/components/schemas/OrdersRow");
        assertThat(row.get("required").toString()).isEqualTo("[\"id\",\"qty\",\"day\"]");
        assertThat(row.at("/properties/id/type").asText()).isEqualTo("integer");
        assertThat(row.at("/properties/id/format").asText()).isEqualTo("int64");
        assertThat(row.at("/properties/id/description").asText()).contains("Order key", "bigint, unique", "never null");
        assertThat(row.at("/properties/flag/type").toString()).isEqualTo("[\"boolean\",\"null\"]");
        assertThat(row.at("/properties/amount/type").toString()).isEqualTo("[\"number\",\"null\"]");
        assertThat(row.at("/properties/ratio/type").toString()).isEqualTo("[\"number\",\"string\",\"null\"]");
        assertThat(row.at("/properties/day/format").asText()).isEqualTo("date");
        assertThat(row.at("/properties/at_zone/format").asText()).isEqualTo("date-time");
        assertThat(row.at("/properties/tags/type").toString()).isEqualTo("[\"array\",\"null\"]");
        assertThat(row.at("/properties/point").has("type")).as("a row is any JSON").isFalse();
        assertThat(document.at("/components/schemas/OrdersPage/properties/rows/items/$ref").asText()).isEqualTo("#/components/schemas/OrdersRow");
        assertThat(document.at("/components/schemas/OrdersV1Row/required").toString()).isEqualTo("[\"id\"]");
        JsonNode ok = operation(ORDERS).at("/responses/200");
        assertThat(ok.get("content").has("application/x-ndjson")).isTrue();
        assertThat(ok.at("/content/text~1csv/schema/type").asText()).isEqualTo("string");
        assertThat(ok.at("/content/application~1vnd.apache.arrow.stream/schema/format").asText()).isEqualTo("binary");
        assertThat(ok.at("/headers/Mesh-Snapshot/$ref").asText()).isEqualTo("#/components/headers/Mesh-Snapshot");
        assertThat(operation(ORDERS).at("/responses/404/$ref").asText()).isEqualTo("#/components/responses/NotFound");
        assertThat(document.at("/components/responses/TooManyRequests/headers/Retry-After/$ref").asText()).isEqualTo("#/components/headers/Retry-After");
    }

    @Test
    void metricsHaveTheirDimensionsAndTypedAnswer()
    {
        Map<String, JsonNode> parameters = parameters("/v1/metrics/shop/monthly_sales");
        assertThat(parameters.keySet()).containsExactly("by", "from", "to", "limit");
        assertThat(parameters.get("by").at("/schema/items/enum").toString()).isEqualTo("[\"month\",\"region\"]");
        assertThat(parameters.get("from").at("/schema/format").asText()).isEqualTo("date");
        JsonNode row = document.at("/components/schemas/MonthlySalesMetricRow");
        assertThat(row.get("required").toString()).isEqualTo("[\"total\"]");
        assertThat(row.at("/properties/total/type").toString()).isEqualTo("[\"number\",\"null\"]");
        assertThat(row.at("/properties/month/format").asText()).isEqualTo("date");
        assertThat(document.at("/components/schemas/MonthlySalesAnswer/properties/measure/const").asText()).isEqualTo("total");
    }

    @Test
    void parsesAsOpenApi31()
    {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(result.getOpenAPI().getPaths()).containsKey(ORDERS);
        // The validator refuses to load a document its parser reports problems with.
        OpenApiInteractionValidator.createForInlineApiSpecification(json).build();
    }

    @Test
    void pagesWrittenByTheApiValidate()
            throws IOException
    {
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(json).build();
        Object[] full = {1L, true, -128L, 300L, 7L, new BigDecimal("12.50"), Double.NaN, 0.5, "short", "any text",
                LocalDate.of(2024, 1, 31), LocalDateTime.of(2024, 1, 31, 13, 45, 0, 1000), OffsetDateTime.of(2024, 1, 31, 13, 45, 0, 0, ZoneOffset.ofHours(2)),
                LocalTime.of(13, 45), List.of("a", "b"), Map.of("k", 1L), "{x=1.0, y=2.0}"};
        Object[] sparse = new Object[COLUMNS.size()];
        sparse[0] = 2L;
        sparse[4] = 0L;
        sparse[10] = LocalDate.of(1999, 12, 31);
        sparse[6] = Double.NEGATIVE_INFINITY;
        String page = page(List.of(full, sparse), new PageEnd(2, true, "next-cursor", "the page has its 2 rows (limit); the next cursor reads on"));
        assertValid(validator.validateResponse(ORDERS, Request.Method.GET, json(200, page).withHeader("Mesh-Snapshot", "42").build()));
        assertValid(validator.validateResponse(ORDERS, Request.Method.GET, json(200, page(List.of(), PageEnd.complete(0))).build()));

        // A required column that is null, or a value of the wrong type, is caught.
        Object[] broken = Arrays.copyOf(full, full.length);
        broken[0] = null;
        assertThat(validator.validateResponse(ORDERS, Request.Method.GET, json(200, page(List.<Object[]>of(broken), PageEnd.complete(1))).build()).getMessages())
                .anySatisfy(message -> assertThat(message.getMessage()).contains("null found, integer expected"));
        broken = Arrays.copyOf(full, full.length);
        broken[10] = "31/01/2024";
        assertThat(validator.validateResponse(ORDERS, Request.Method.GET, json(200, page(List.<Object[]>of(broken), PageEnd.complete(1))).build()).hasErrors()).isTrue();
        broken = Arrays.copyOf(full, full.length);
        broken[6] = "1.5";
        assertThat(validator.validateResponse(ORDERS, Request.Method.GET, json(200, page(List.<Object[]>of(broken), PageEnd.complete(1))).build()).hasErrors())
                .as("only NaN and the infinities are strings").isTrue();
    }

    @Test
    void errorsAndMetricAnswersValidate()
            throws IOException
    {
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(json).build();
        String error = MAPPER.writeValueAsString(ServiceException.badRequest("the request does not fit", List.of(new Violation("qty.gt", "abc", "is not a whole number"))).toApiError());
        assertValid(validator.validateResponse(ORDERS, Request.Method.GET, json(400, error).build()));
        String tooMany = MAPPER.writeValueAsString(ServiceException.tooManyRequests("slow down", 3).toApiError());
        assertValid(validator.validateResponse(ORDERS, Request.Method.GET, json(429, tooMany).withHeader("Retry-After", "3").build()));

        Map<String, Object> row = new LinkedHashMap<>();
        row.put("month", "2024-01-01");
        row.put("region", null);
        row.put("total", new BigDecimal("1234.56"));
        MetricAnswer answer = new MetricAnswer("shop", "2.1.0", "monthly_sales", "Sales by month", "total", "USD", "month", List.of("month", "region"), List.of("month", "region"),
                "2024-01-01", null, List.of(row), 1, false);
        assertValid(validator.validateResponse("/v1/metrics/shop/monthly_sales", Request.Method.GET, json(200, MAPPER.writeValueAsString(answer)).build()));
    }

    @Test
    void ndjsonLinesAreRows()
            throws IOException
    {
        // The validator reads no body but JSON: each NDJSON line is checked against the row schema with JSON Schema 2020-12.
        ObjectNode root = document.deepCopy();
        root.put("$ref", "#/components/schemas/OrdersRow");
        Schema row = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()))
                .getSchema(SchemaLocation.of("https://mesh.invalid/openapi.json"), root);
        List<ResultColumn> columns = COLUMNS.stream().map(column -> new ResultColumn(column.name(), ContractType.of(column.type()))).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonRows writer = JsonRows.lines(out, new PageHeader("shop", "orders", "2.1.0", null, columns));
        Object[] sparse = new Object[COLUMNS.size()];
        sparse[0] = 3L;
        sparse[4] = 1L;
        sparse[10] = LocalDate.of(2024, 2, 29);
        writer.row(sparse);
        writer.end(PageEnd.complete(1));
        List<String> lines = out.toString(UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(row.validate(MAPPER.readTree(lines.getFirst()))).isEmpty();
        assertThat(row.validate(MAPPER.readTree("{\"id\": 1, \"qty\": 1, \"day\": \"2024-02-30\"}"))).isNotEmpty();
    }

    @Test
    void requestsWithTypedFiltersValidate()
    {
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(json).build();
        // Scalar parameters only: for an OpenAPI 3.1 document the validator does not split array parameters (fields,
        // order, in, between) but reads their whole value as JSON, so it refuses every valid one.
        assertValid(validator.validateRequest(SimpleRequest.Builder.get(ORDERS)
                .withQueryParam("amount.gt", "12.5")
                .withQueryParam("day", "2024-01-31")
                .withQueryParam("at_zone.ge", "2024-01-31T13:45:00Z")
                .withQueryParam("label.like", "a%")
                .withQueryParam("flag", "true")
                .withQueryParam("format", "csv")
                .withQueryParam("limit", "10")
                .withAuthorization("Bearer mesh_token")
                .build()));
        assertThat(validator.validateRequest(SimpleRequest.Builder.get(ORDERS).withQueryParam("qty.gt", "many").withAuthorization("Bearer t").build()).hasErrors()).isTrue();
        assertThat(validator.validateRequest(SimpleRequest.Builder.get(ORDERS).withQueryParam("day", "31/01/2024").withAuthorization("Bearer t").build()).hasErrors()).isTrue();
        assertThat(validator.validateRequest(SimpleRequest.Builder.get(ORDERS).withQueryParam("tiny.eq", "300").withAuthorization("Bearer t").build()).hasErrors()).isTrue();
    }

    private static void assertValid(ValidationReport report)
    {
        assertThat(report.getMessages()).as("validation messages").isEmpty();
    }

    private static SimpleResponse.Builder json(int status, String body)
    {
        return SimpleResponse.Builder.status(status).withContentType("application/json").withBody(body);
    }

    private static String page(List<Object[]> rows, PageEnd end)
            throws IOException
    {
        List<ResultColumn> columns = COLUMNS.stream().map(column -> new ResultColumn(column.name(), ContractType.of(column.type()))).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonRows writer = JsonRows.document(out, new PageHeader("shop", "orders", "2.1.0", 42L, columns));
        for (Object[] row : rows) {
            writer.row(row);
        }
        writer.end(end);
        return out.toString(UTF_8);
    }

    private JsonNode operation(String path)
    {
        return document.get("paths").get(path).get("get");
    }

    private Map<String, JsonNode> parameters(String path)
    {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (JsonNode parameter : operation(path).get("parameters")) {
            JsonNode resolved = parameter.has("$ref") ? document.at(parameter.get("$ref").asText().substring(1)) : parameter;
            parameters.put(resolved.get("name").asText(), resolved);
        }
        return parameters;
    }

    private static ProductRecord product(ProductStatus status)
    {
        Dataset orders = new Dataset("orders", "Every order of the shop", DatasetSource.ofTable("lake.shop.orders"), COLUMNS, null, null);
        Dataset sales = new Dataset("monthly_sales", "Sales by month and region", null, new Metric("total", "USD", List.of("month", "region"), "month"),
                DatasetSource.ofSql("SELECT 1"),
                List.of(column("month", "date", true, true, "First day of the month"), column("region", "varchar", false, false, "Sales region"),
                        column("total", "decimal(18,2)", false, false, "Sales in USD")),
                null, null);
        ProductMetadata metadata = new ProductMetadata("shop", "sales", "group:sales-team", "2.1.0", status, "Orders of the shop", List.of());
        DataProduct descriptor = new DataProduct(DataProduct.API_VERSION, DataProduct.KIND, metadata, new ProductSpec(List.of(orders, sales), new Access(List.of("group:analysts"))));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new ProductRecord("shop", 3, now, now, "sam", descriptor);
    }

    private static DatasetVariant previousMajor()
    {
        Dataset old = new Dataset("orders", "Orders as version 1 had them", DatasetSource.ofTable("lake.shop.orders_v1"),
                List.of(column("id", "bigint", true, true, "Order key"), column("label", "varchar", false, false, null)), null, null);
        return DatasetVariant.previousMajor("shop", "orders", 1, "1.4.0", LocalDate.of(2999, 12, 31), old);
    }

    private static Column column(String name, String type, boolean required, boolean unique, String description)
    {
        return new Column(name, type, required, unique, description, List.of());
    }
}
