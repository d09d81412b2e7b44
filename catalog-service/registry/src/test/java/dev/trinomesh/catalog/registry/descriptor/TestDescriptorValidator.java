package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.Metric;
import dev.trinomesh.api.model.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TestDescriptorValidator
{
    static final String VALID = """
            apiVersion: mesh/v1
            kind: DataProduct
            metadata:
              name: sales_orders
              domain: sales
              owner: group:sales-team
              version: 1.2.0
              status: published
              description: Orders
              tags: [orders, revenue]
            spec:
              datasets:
                - name: orders
                  source: {table: lake.sales_orders.orders}
                  columns:
                    - {name: order_id, type: bigint, required: true, unique: true, description: Order key}
                    - {name: customer_email, type: varchar, classification: pii}
                    - {name: status, type: varchar(16)}
                    - {name: amount, type: "decimal(12,2)"}
                    - {name: updated_at, type: "timestamp(6) with time zone"}
                  freshness: {column: updated_at, maxAge: 24h}
                  quality:
                    - {check: row_count, min: 1}
                    - {check: accepted_values, column: status, values: [OPEN, SHIPPED, CANCELLED]}
                    - {check: sql, name: no_negative_amounts, query: "SELECT count(*) FROM {dataset} WHERE amount < 0", expect: 0}
              access:
                consumers: [group:analysts, group:finance]
            """;

    @Test
    void acceptsTheDesignExample()
            throws Exception
    {
        JsonNode document = DescriptorDocuments.readDocument(VALID);
        assertThat(DescriptorValidator.validateProduct(document)).isEmpty();
        DataProduct product = DescriptorDocuments.bind(document, DataProduct.class);
        assertThat(product.spec().datasets().getFirst().columns().get(1).classification()).containsExactly("pii");
    }

    @Test
    void acceptsEveryExampleDescriptor()
            throws Exception
    {
        Map<Path, List<JsonNode>> documents = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("../../examples/demo"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).toList()) {
                documents.put(file, DescriptorDocuments.readDocuments(Files.readString(file)));
            }
        }
        // The demo's policies are checked against the demo's own products and domains.
        Map<String, DataProduct> products = new HashMap<>();
        Set<String> domains = new HashSet<>();
        documents.values().stream().flatMap(List::stream).forEach(document -> {
            switch (document.path("kind").asText()) {
                case "DataProduct" -> products.put(document.path("metadata").path("name").asText(), DescriptorDocuments.bind(document, DataProduct.class));
                case "Domain" -> domains.add(document.path("metadata").path("name").asText());
                default -> {}
            }
        });
        PolicyValidator.Registry registry = new PolicyValidator.Registry()
        {
            @Override
            public Optional<DataProduct> product(String name)
            {
                return Optional.ofNullable(products.get(name));
            }

            @Override
            public boolean domainExists(String name)
            {
                return domains.contains(name);
            }
        };
        documents.forEach((file, fileDocuments) -> {
            for (JsonNode document : fileDocuments) {
                List<Violation> violations = switch (document.path("kind").asText()) {
                    case "Domain" -> DescriptorValidator.validateDomain(document);
                    case "Policy" -> PolicyValidator.validate(document, registry);
                    default -> DescriptorValidator.validateProduct(document);
                };
                assertThat(violations).as(file.toString()).isEmpty();
            }
        });
        assertThat(documents.values().stream().flatMap(List::stream).filter(document -> document.path("kind").asText().equals("Policy"))).hasSize(2);
    }

    record Case(String description, String path, String value, String replacement, String expectedPath, String expectedRule) {}

    static Stream<Case> badInputs()
    {
        return Stream.of(
                new Case("wrong api version", "/apiVersion", null, "\"mesh/v2\"", "apiVersion", "must be 'mesh/v1'"),
                new Case("unknown type", "/spec/datasets/0/columns/2/type", null, "\"strnig\"", "spec.datasets[0].columns[2].type", "unknown type 'strnig'"),
                new Case("foreign type name", "/spec/datasets/0/columns/2/type", null, "\"string\"", "spec.datasets[0].columns[2].type", "in Trino use varchar"),
                new Case("decimal out of range", "/spec/datasets/0/columns/3/type", null, "\"decimal(40,2)\"", "spec.datasets[0].columns[3].type", "decimal precision must be between 1 and 38"),
                new Case("decimal scale above precision", "/spec/datasets/0/columns/3/type", null, "\"decimal(4,6)\"", "spec.datasets[0].columns[3].type", "decimal scale must be between 0 and 4"),
                new Case("duplicate column", "/spec/datasets/0/columns/1/name", null, "\"order_id\"", "spec.datasets[0].columns[1].name", "duplicate column name"),
                new Case("invalid schema name", "/metadata/name", null, "\"Sales-Orders\"", "metadata.name", "lower-case SQL identifier"),
                new Case("reserved schema name", "/metadata/name", null, "\"information_schema\"", "metadata.name", "reserved"),
                new Case("bad semver", "/metadata/version", null, "\"1.2\"", "metadata.version", "semantic version"),
                new Case("unknown status", "/metadata/status", null, "\"live\"", "metadata.status", "must be one of draft, published, deprecated, retired"),
                new Case("bad owner", "/metadata/owner", null, "\"sales-team\"", "metadata.owner", "principal such as 'group:sales-team'"),
                new Case("misspelt field", "/spec/datasets/0/colums", null, "[]", "spec.datasets[0].colums", "did you mean 'columns'?"),
                new Case("missing columns", "/spec/datasets/0/columns", null, null, "spec.datasets[0].columns", "is required"),
                new Case("source with both", "/spec/datasets/0/source/sql", null, "\"SELECT 1\"", "spec.datasets[0].source", "exactly one of 'table' and 'sql'"),
                new Case("unqualified table", "/spec/datasets/0/source/table", null, "\"orders\"", "spec.datasets[0].source.table", "catalog.schema.table"),
                new Case("sql that does not parse", "/spec/datasets/0/source", null, "{\"sql\": \"SELEC * FROM x\"}", "spec.datasets[0].source.sql", "is not valid Trino SQL"),
                new Case("sql that is not a query", "/spec/datasets/0/source", null, "{\"sql\": \"DROP TABLE x\"}", "spec.datasets[0].source.sql", "must be a query"),
                new Case("freshness on unknown column", "/spec/datasets/0/freshness/column", null, "\"updated\"", "spec.datasets[0].freshness.column", "names no column"),
                new Case("freshness on non-temporal column", "/spec/datasets/0/freshness/column", null, "\"amount\"", "spec.datasets[0].freshness.column", "date or timestamp"),
                new Case("bad duration", "/spec/datasets/0/freshness/maxAge", null, "\"one day\"", "spec.datasets[0].freshness.maxAge", "duration"),
                new Case("unknown check", "/spec/datasets/0/quality/0/check", null, "\"row_cont\"", "spec.datasets[0].quality[0].check", "did you mean 'row_count'?"),
                new Case("check on unknown column", "/spec/datasets/0/quality/1/column", null, "\"state\"", "spec.datasets[0].quality[1].column", "names no column"),
                new Case("sql check without placeholder", "/spec/datasets/0/quality/2/query", null, "\"SELECT 1\"", "spec.datasets[0].quality[2].query", "{dataset}"),
                new Case("bad consumer", "/spec/access/consumers/0", null, "\"analysts\"", "spec.access.consumers[0]", "principal"),
                new Case("tags not a list", "/metadata/tags", null, "42", "metadata.tags", "must be a string or a list of strings"),
                new Case("required not boolean", "/spec/datasets/0/columns/0/required", null, "\"yes\"", "spec.datasets[0].columns[0].required", "must be true or false"),
                new Case("duplicate dataset", "/spec/datasets/1", null, "{\"name\": \"orders\", \"source\": {\"table\": \"a.b.c\"}, \"columns\": [{\"name\": \"x\", \"type\": \"bigint\"}]}", "spec.datasets[1].name", "duplicate dataset name"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void reportsFieldValueAndRule(Case testCase)
            throws Exception
    {
        JsonNode document = DescriptorDocuments.readDocument(VALID);
        set(document, testCase.path(), testCase.replacement() == null ? null : DescriptorDocuments.readDocument(testCase.replacement()));
        List<Violation> violations = DescriptorValidator.validateProduct(document);
        assertThat(violations)
                .as(testCase.description())
                .anySatisfy(violation -> {
                    assertThat(violation.path()).isEqualTo(testCase.expectedPath());
                    assertThat(violation.rule()).contains(testCase.expectedRule());
                });
    }

    @Test
    void reportsEveryProblemAtOnce()
            throws Exception
    {
        JsonNode document = DescriptorDocuments.readDocument(VALID);
        set(document, "/metadata/version", DescriptorDocuments.readDocument("\"x\""));
        set(document, "/spec/datasets/0/columns/0/type", DescriptorDocuments.readDocument("\"integr\""));
        assertThat(DescriptorValidator.validateProduct(document))
                .extracting(Violation::path)
                .containsExactlyInAnyOrder("metadata.version", "spec.datasets[0].columns[0].type");
    }

    @Test
    void violationShowsTheBadValue()
            throws Exception
    {
        JsonNode document = DescriptorDocuments.readDocument(VALID);
        set(document, "/spec/datasets/0/columns/2/type", DescriptorDocuments.readDocument("\"strnig\""));
        assertThat(DescriptorValidator.validateProduct(document).getFirst().value()).isEqualTo("strnig");
    }

    @Test
    void previousMajorNeedsTheLastDayAsADate()
            throws Exception
    {
        JsonNode document = DescriptorDocuments.readDocument(VALID);
        set(document, "/spec/previousMajor", DescriptorDocuments.readDocument("{until: 2027-03-31}"));
        assertThat(DescriptorValidator.validateProduct(document)).isEmpty();
        assertThat(DescriptorDocuments.bind(document, DataProduct.class).spec().previousMajor().until()).isEqualTo(LocalDate.of(2027, 3, 31));

        for (String bad : List.of("{until: 2027-02-30}", "{until: next month}", "{}", "{until: 2027-03-31, for: 3m}")) {
            set(document, "/spec/previousMajor", DescriptorDocuments.readDocument(bad));
            assertThat(DescriptorValidator.validateProduct(document))
                    .as(bad)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.path()).startsWith("spec.previousMajor"));
        }
    }

    static final String METRIC = """
            apiVersion: mesh/v1
            kind: DataProduct
            metadata: {name: finance, domain: finance, owner: group:finance, version: 1.0.0}
            spec:
              datasets:
                - name: monthly_revenue
                  description: Net revenue per calendar month and channel
                  owner: group:finance-analysts
                  metric: {measure: revenue, unit: USD, dimensions: [month, channel], grain: month}
                  source:
                    sql: SELECT date_trunc('month', orderdate) AS month, channel, sum(totalprice) AS revenue FROM mesh.sales_orders.orders GROUP BY 1, 2
                  columns:
                    - {name: month, type: date, required: true}
                    - {name: channel, type: varchar}
                    - {name: revenue, type: "decimal(18,2)"}
                  quality:
                    - {check: unique, columns: [month, channel]}
                - name: total_orders
                  metric: {measure: orders}
                  source: {sql: "SELECT count(*) AS orders FROM mesh.sales_orders.orders"}
                  columns:
                    - {name: orders, type: bigint}
            """;

    @Test
    void aMetricSurvivesTheRoundTripThroughYamlAndOneDimensionMayBeAScalar()
            throws Exception
    {
        DataProduct product = DescriptorDocuments.bind(DescriptorDocuments.readDocument(METRIC), DataProduct.class);
        // ./mesh products get prints this YAML; applying it again must give the same product.
        String yaml = DescriptorDocuments.toYaml(product);
        assertThat(yaml).doesNotContain("metric: false").doesNotContain("metric: true");
        JsonNode printed = DescriptorDocuments.readDocument(yaml);
        assertThat(DescriptorValidator.validateProduct(printed)).isEmpty();
        assertThat(DescriptorDocuments.bind(printed, DataProduct.class)).isEqualTo(product);

        JsonNode document = DescriptorDocuments.readDocument(METRIC);
        set(document, "/spec/datasets/0/metric/dimensions", DescriptorDocuments.readDocument("month"));
        set(document, "/spec/datasets/0/columns", DescriptorDocuments.readDocument("[{name: month, type: date}, {name: revenue, type: double}]"));
        set(document, "/spec/datasets/0/quality", DescriptorDocuments.readDocument("[]"));
        assertThat(DescriptorValidator.validateProduct(document)).isEmpty();
        assertThat(DescriptorDocuments.bind(document, DataProduct.class).spec().datasets().getFirst().metric().dimensions()).containsExactly("month");
    }

    @Test
    void acceptsMetricsAndBindsTheirOwners()
            throws Exception
    {
        JsonNode document = DescriptorDocuments.readDocument(METRIC);
        assertThat(DescriptorValidator.validateProduct(document)).isEmpty();
        DataProduct product = DescriptorDocuments.bind(document, DataProduct.class);
        Dataset revenue = product.spec().dataset("monthly_revenue").orElseThrow();
        assertThat(revenue.metric()).isEqualTo(new Metric("revenue", "USD", List.of("month", "channel"), "month"));
        assertThat(revenue.effectiveOwner(product.metadata().owner())).isEqualTo("group:finance-analysts");
        // A single value: no dimensions, no unit, no grain; owned by the product's owner.
        Dataset orders = product.spec().dataset("total_orders").orElseThrow();
        assertThat(orders.metric()).isEqualTo(new Metric("orders", null, List.of(), null));
        assertThat(orders.effectiveOwner(product.metadata().owner())).isEqualTo("group:finance");
        assertThat(DescriptorDocuments.toTree(product).at("/spec/datasets/1/metric").toString()).isEqualTo("{\"measure\":\"orders\"}");
    }

    static Stream<Case> badMetrics()
    {
        String metric = "/spec/datasets/0/metric";
        return Stream.of(
                new Case("metric over a table", "/spec/datasets/0/source", null, "{\"table\": \"lake.sales_orders.orders\"}", "spec.datasets[0].source.table", "a metric is defined by a query: replace source.table with source.sql"),
                new Case("measure not declared", metric + "/measure", null, "\"profit\"", "spec.datasets[0].metric.measure", "names no column of this dataset; declare the measure under columns; columns: month, channel, revenue"),
                new Case("measure not numeric", metric + "/measure", null, "\"channel\"", "spec.datasets[0].metric.measure", "must name a numeric column (an integer type, decimal, real or double), but channel is varchar"),
                new Case("measure missing", metric + "/measure", null, null, "spec.datasets[0].metric.measure", "is required"),
                new Case("dimension not declared", metric + "/dimensions/1", null, "\"region\"", "spec.datasets[0].metric.dimensions[1]", "names no column of this dataset"),
                new Case("dimension that is the measure", metric + "/dimensions/1", null, "\"revenue\"", "spec.datasets[0].metric.dimensions[1]", "is the measure"),
                new Case("dimension listed twice", metric + "/dimensions/1", null, "\"month\"", "spec.datasets[0].metric.dimensions[1]", "is listed twice"),
                new Case("column that is neither measure nor dimension", "/spec/datasets/0/columns/3", null, "{\"name\": \"orders\", \"type\": \"bigint\"}", "spec.datasets[0].columns[3].name",
                        "a metric's columns are its measure and its dimensions; add orders to metric.dimensions"),
                new Case("unknown grain", metric + "/grain", null, "\"fortnight\"", "spec.datasets[0].metric.grain", "must be one of hour, day, week, month, quarter, year"),
                new Case("grain without a time dimension", "/spec/datasets/1/metric/grain", null, "\"month\"", "spec.datasets[1].metric.grain", "granularity of a date or timestamp dimension"),
                new Case("blank unit", metric + "/unit", null, "\" \"", "spec.datasets[0].metric.unit", "must not be blank"),
                new Case("misspelt metric field", metric + "/dimension", null, "[]", "spec.datasets[0].metric.dimension", "did you mean 'dimensions'?"),
                new Case("metric not an object", metric, null, "\"revenue\"", "spec.datasets[0].metric", "must be an object"),
                new Case("owner not a principal", "/spec/datasets/0/owner", null, "\"finance-analysts\"", "spec.datasets[0].owner", "must be a principal such as 'group:sales-team' or 'user:alice'"),
                new Case("owner a product identity", "/spec/datasets/0/owner", null, "\"product:finance\"", "spec.datasets[0].owner", "must be a principal such as 'group:sales-team' or 'user:alice'"));
    }

    @ParameterizedTest
    @MethodSource("badMetrics")
    void reportsMetricFieldValueAndRule(Case testCase)
            throws Exception
    {
        JsonNode document = DescriptorDocuments.readDocument(METRIC);
        set(document, testCase.path(), testCase.replacement() == null ? null : DescriptorDocuments.readDocument(testCase.replacement()));
        assertThat(DescriptorValidator.validateProduct(document))
                .as(testCase.description())
                .anySatisfy(violation -> {
                    assertThat(violation.path()).isEqualTo(testCase.expectedPath());
                    assertThat(violation.rule()).contains(testCase.expectedRule());
                });
    }

    @Test
    void aBadMetricShowsTheValue()
            throws Exception
    {
        JsonNode document = DescriptorDocuments.readDocument(METRIC);
        set(document, "/spec/datasets/0/metric/dimensions/1", DescriptorDocuments.readDocument("\"region\""));
        assertThat(DescriptorValidator.validateProduct(document)).extracting(Violation::toString).containsExactly(
                "spec.datasets[0].metric.dimensions[1]: names no column of this dataset; declare it under columns, or remove it; columns: month, channel, revenue (got: region)",
                "spec.datasets[0].columns[1].name: a metric's columns are its measure and its dimensions; add channel to metric.dimensions, or publish it as a metric or dataset of its own (got: channel)");
    }

    private static void set(JsonNode document, String pointer, JsonNode value)
    {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = document.at(pointer.substring(0, slash));
        String field = pointer.substring(slash + 1);
        if (parent.isArray()) {
            int index = Integer.parseInt(field);
            var array = (com.fasterxml.jackson.databind.node.ArrayNode) parent;
            if (index < array.size()) {
                array.set(index, value);
            }
            else {
                array.add(value);
            }
        }
        else if (value == null) {
            ((ObjectNode) parent).remove(field);
        }
        else {
            ((ObjectNode) parent).set(field, value);
        }
    }

    static String read(String file)
            throws IOException
    {
        return Files.readString(Path.of(file));
    }
}
