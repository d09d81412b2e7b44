package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.descriptor.DescriptorSyntaxException;
import dev.trinomesh.api.model.ContractImpact;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.DescriptorChange;
import dev.trinomesh.api.model.VersionBump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.trinomesh.api.model.VersionBump.MAJOR;
import static dev.trinomesh.api.model.VersionBump.MINOR;
import static dev.trinomesh.api.model.VersionBump.NONE;
import static dev.trinomesh.api.model.VersionBump.PATCH;
import static org.assertj.core.api.Assertions.assertThat;

/** Breaking-change detection on a table of contract pairs: a snippet of the contract below, and what replaces it. */
class TestContractChanges
{
    private static final String CONTRACT = """
            apiVersion: mesh/v1
            kind: DataProduct
            metadata:
              name: shop
              domain: sales
              owner: group:sales-team
              version: 1.0.0
              status: published
              description: Orders of the shop.
              tags: [orders]
            spec:
              datasets:
                - name: orders
                  description: One row per order.
                  source: {table: lake.shop.orders}
                  columns:
                    - {name: order_id, type: bigint, required: true, unique: true, description: Order key}
                    - {name: quantity, type: integer}
                    - {name: amount, type: "decimal(12,2)"}
                    - {name: status, type: varchar(10), required: true}
                    - {name: email, type: varchar}
                    - {name: weight, type: real}
                    - {name: placed_at, type: timestamp(3)}
                  freshness: {maxAge: 24h}
                  quality:
                    - {check: row_count, min: 1}
                    - {check: accepted_values, column: status, values: [OPEN, SHIPPED]}
                    - {check: range, column: amount, min: 0, max: 1000}
                - name: customers
                  source: {sql: "SELECT 1 AS id"}
                  columns:
                    - {name: id, type: integer}
                - name: revenue
                  owner: group:finance
                  source: {sql: "SELECT date_trunc('month', placed_at) AS month, status AS channel, sum(amount) AS total FROM shop.orders GROUP BY 1, 2"}
                  metric: {measure: total, unit: USD, dimensions: [month, channel], grain: month}
                  columns:
                    - {name: month, type: date}
                    - {name: channel, type: varchar}
                    - {name: total, type: "decimal(18,2)"}
              access:
                consumers: [group:analysts, group:finance]
            """;

    private static final String ORDERS = "spec.datasets[orders]";
    private static final String COLUMNS = ORDERS + ".columns";
    private static final String REVENUE = "spec.datasets[revenue]";
    private static final String METRIC_AND_COLUMNS = """
            metric: {measure: total, unit: USD, dimensions: [month, channel], grain: month}
                  columns:
                    - {name: month, type: date}
                    - {name: channel, type: varchar}
                    - {name: total, type: "decimal(18,2)"}
            """.stripTrailing();

    static Stream<Arguments> contractPairs()
    {
        return Stream.of(
                // Datasets
                row("dataset added",
                        "    - name: customers\n",
                        "    - name: returns\n      source: {table: lake.shop.returns}\n      columns: [{name: id, type: bigint}]\n    - name: customers\n",
                        MINOR, "compatible spec.datasets[returns]"),
                row("dataset removed",
                        "    - name: customers\n      source: {sql: \"SELECT 1 AS id\"}\n      columns:\n        - {name: id, type: integer}\n",
                        "",
                        MAJOR, "breaking spec.datasets[customers]"),
                row("source moved to another table",
                        "source: {table: lake.shop.orders}", "source: {table: lake.shop.orders_v2}",
                        MINOR, "compatible " + ORDERS + ".source.table"),
                row("source from a table to a query",
                        "source: {table: lake.shop.orders}", "source: {sql: \"SELECT * FROM lake.shop.orders WHERE quantity > 0\"}",
                        MINOR, "compatible " + ORDERS + ".source.table", "compatible " + ORDERS + ".source.sql"),
                // Columns
                row("column removed",
                        "        - {name: weight, type: real}\n", "",
                        MAJOR, "breaking " + COLUMNS + "[weight]"),
                row("column renamed: a removal and an addition",
                        "{name: weight, type: real}", "{name: weight_kg, type: real}",
                        MAJOR, "breaking " + COLUMNS + "[weight]", "compatible " + COLUMNS + "[weight_kg]"),
                row("optional column added",
                        "        - {name: weight, type: real}\n", "        - {name: weight, type: real}\n        - {name: channel, type: varchar}\n",
                        MINOR, "compatible " + COLUMNS + "[channel]"),
                row("required column added",
                        "        - {name: weight, type: real}\n", "        - {name: weight, type: real}\n        - {name: channel, type: varchar, required: true}\n",
                        MINOR, "compatible " + COLUMNS + "[channel]"),
                row("columns reordered",
                        "        - {name: email, type: varchar}\n        - {name: weight, type: real}\n",
                        "        - {name: weight, type: real}\n        - {name: email, type: varchar}\n",
                        MAJOR, "breaking " + COLUMNS + "(order)"),
                // Types: the widenings the lake's contract gate allows
                row("integer widened to bigint", "{name: quantity, type: integer}", "{name: quantity, type: bigint}", MINOR, "compatible " + COLUMNS + "[quantity].type"),
                row("varchar(10) widened to varchar(20)", "type: varchar(10)", "type: varchar(20)", MINOR, "compatible " + COLUMNS + "[status].type"),
                row("varchar(10) widened to varchar", "type: varchar(10)", "type: varchar", MINOR, "compatible " + COLUMNS + "[status].type"),
                row("decimal(12,2) widened to decimal(14,2)", "type: \"decimal(12,2)\"", "type: \"decimal(14,2)\"", MINOR, "compatible " + COLUMNS + "[amount].type"),
                row("real widened to double", "{name: weight, type: real}", "{name: weight, type: double}", MINOR, "compatible " + COLUMNS + "[weight].type"),
                row("timestamp(3) widened to timestamp(6)", "type: timestamp(3)", "type: timestamp(6)", MINOR, "compatible " + COLUMNS + "[placed_at].type"),
                row("bigint narrowed to integer", "{name: order_id, type: bigint", "{name: order_id, type: integer", MAJOR, "breaking " + COLUMNS + "[order_id].type"),
                row("varchar(10) narrowed to varchar(5)", "type: varchar(10)", "type: varchar(5)", MAJOR, "breaking " + COLUMNS + "[status].type"),
                row("decimal scale grown without precision", "type: \"decimal(12,2)\"", "type: \"decimal(12,4)\"", MAJOR, "breaking " + COLUMNS + "[amount].type"),
                row("integer to varchar", "{name: quantity, type: integer}", "{name: quantity, type: varchar}", MAJOR, "breaking " + COLUMNS + "[quantity].type"),
                row("timestamp(3) to timestamp(3) with time zone", "type: timestamp(3)", "type: timestamp(3) with time zone", MAJOR, "breaking " + COLUMNS + "[placed_at].type"),
                row("the same type spelled differently", "{name: quantity, type: integer}", "{name: quantity, type: INT}", PATCH, "none " + COLUMNS + "[quantity].type"),
                // Promises on columns
                row("required made optional", "type: varchar(10), required: true}", "type: varchar(10)}", MAJOR, "breaking " + COLUMNS + "[status].required"),
                row("optional made required", "{name: email, type: varchar}", "{name: email, type: varchar, required: true}", MINOR, "compatible " + COLUMNS + "[email].required"),
                row("unique dropped", "required: true, unique: true,", "required: true,", MAJOR, "breaking " + COLUMNS + "[order_id].unique"),
                row("unique added", "{name: email, type: varchar}", "{name: email, type: varchar, unique: true}", MINOR, "compatible " + COLUMNS + "[email].unique"),
                // Quality and freshness: promises too
                row("quality check added",
                        "        - {check: row_count, min: 1}\n", "        - {check: row_count, min: 1}\n        - {check: not_null, column: email}\n",
                        MINOR, "compatible " + ORDERS + ".quality[not_null_email]"),
                row("quality check removed", "        - {check: row_count, min: 1}\n", "", MAJOR, "breaking " + ORDERS + ".quality[row_count]"),
                row("accepted value added", "values: [OPEN, SHIPPED]", "values: [OPEN, SHIPPED, LOST]", MAJOR, "breaking " + ORDERS + ".quality[accepted_values_status].values"),
                row("accepted value removed", "values: [OPEN, SHIPPED]", "values: [OPEN]", MINOR, "compatible " + ORDERS + ".quality[accepted_values_status].values"),
                row("range loosened", "min: 0, max: 1000", "min: 0, max: 5000", MAJOR, "breaking " + ORDERS + ".quality[range_amount].max"),
                row("range tightened", "min: 0, max: 1000", "min: 1, max: 1000", MINOR, "compatible " + ORDERS + ".quality[range_amount].min"),
                row("freshness loosened", "maxAge: 24h", "maxAge: 48h", MAJOR, "breaking " + ORDERS + ".freshness.maxAge"),
                row("freshness tightened", "maxAge: 24h", "maxAge: 90m", MINOR, "compatible " + ORDERS + ".freshness.maxAge"),
                row("freshness written differently", "maxAge: 24h", "maxAge: 1d", PATCH, "none " + ORDERS + ".freshness.maxAge"),
                row("freshness promise removed", "      freshness: {maxAge: 24h}\n", "", MAJOR, "breaking " + ORDERS + ".freshness"),
                // Outside the contract
                row("descriptions", "description: One row per order.", "description: Every order, one row each.", PATCH, "none " + ORDERS + ".description"),
                row("tags and owner", "owner: group:sales-team\n  version: 1.0.0\n  status: published\n  description: Orders of the shop.\n  tags: [orders]",
                        "owner: group:shop-team\n  version: 1.0.0\n  status: published\n  description: Orders of the shop.\n  tags: [orders, shop]",
                        PATCH, "none metadata.owner", "none metadata.tags"),
                row("access narrowed", "consumers: [group:analysts, group:finance]", "consumers: [group:finance]", PATCH, "none spec.access.consumers"),
                row("classification added", "{name: email, type: varchar}", "{name: email, type: varchar, classification: pii}", PATCH, "none " + COLUMNS + "[email].classification"),
                row("only the version", "version: 1.0.0", "version: 1.0.1", NONE, "none metadata.version"),
                // Metrics: what the numbers mean is the contract
                row("dataset declared a metric",
                        "    - name: customers\n      source", "    - name: customers\n      metric: {measure: id}\n      source",
                        MINOR, "compatible spec.datasets[customers].metric"),
                row("metric withdrawn", "      metric: {measure: total, unit: USD, dimensions: [month, channel], grain: month}\n", "", MAJOR, "breaking " + REVENUE + ".metric"),
                row("measure changed (its column renamed)", METRIC_AND_COLUMNS, METRIC_AND_COLUMNS.replace("total", "net"),
                        MAJOR, "breaking " + REVENUE + ".metric.measure", "breaking " + REVENUE + ".columns[total]", "compatible " + REVENUE + ".columns[net]"),
                row("dimension removed", METRIC_AND_COLUMNS, METRIC_AND_COLUMNS.replace("month, channel]", "month]").replace("        - {name: channel, type: varchar}\n", ""),
                        MAJOR, "breaking " + REVENUE + ".metric.dimensions", "breaking " + REVENUE + ".columns[channel]"),
                row("dimension added: rows split", METRIC_AND_COLUMNS,
                        METRIC_AND_COLUMNS.replace("channel]", "channel, region]").replace("        - {name: total", "        - {name: region, type: varchar}\n        - {name: total"),
                        MAJOR, "breaking " + REVENUE + ".metric.dimensions", "compatible " + REVENUE + ".columns[region]"),
                row("unit changed", "unit: USD", "unit: EUR", MAJOR, "breaking " + REVENUE + ".metric.unit"),
                row("unit dropped", "unit: USD, ", "", MAJOR, "breaking " + REVENUE + ".metric.unit"),
                row("grain changed", "grain: month}", "grain: quarter}", PATCH, "none " + REVENUE + ".metric.grain"),
                row("dataset owner changed", "owner: group:finance\n", "owner: user:fiona\n", PATCH, "none " + REVENUE + ".owner"),
                // The most demanding change decides
                row("a breaking change among compatible ones",
                        "        - {name: weight, type: real}\n        - {name: placed_at, type: timestamp(3)}\n",
                        "        - {name: weight, type: double}\n        - {name: channel, type: varchar}\n",
                        MAJOR, "breaking " + COLUMNS + "[placed_at]", "compatible " + COLUMNS + "[weight].type", "compatible " + COLUMNS + "[channel]"));
    }

    private static Arguments row(String rule, String before, String after, VersionBump bump, String... changes)
    {
        return Arguments.of(rule, before, after, bump, List.of(changes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contractPairs")
    void classifiesContractChanges(String rule, String before, String after, VersionBump bump, List<String> expected)
            throws Exception
    {
        List<DescriptorChange> changes = changes(CONTRACT, edit(CONTRACT, before, after));
        assertThat(changes).extracting(change -> change.impact().wireName() + " " + change.path())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(changes).allSatisfy(change -> {
            assertThat(change.reason()).isNotBlank();
            assertThat(change.breaking()).isEqualTo(change.impact() == ContractImpact.BREAKING);
        });
        assertThat(ContractChanges.bump(changes)).isEqualTo(bump);
    }

    @Test
    void reasonsSayWhatConsumersMeet()
            throws Exception
    {
        List<DescriptorChange> changes = changes(CONTRACT, edit(CONTRACT, "{name: weight, type: real}", "{name: weight_kg, type: real}")
                .replace("{name: quantity, type: integer}", "{name: quantity, type: smallint}"));
        assertThat(changes).extracting(DescriptorChange::describe).containsExactly(
                "~ spec.datasets[orders].columns[quantity].type: \"integer\" → \"smallint\" (breaking: type changed from integer to smallint, which is not a widening: values may not fit and consumers' casts and comparisons may fail)",
                "- spec.datasets[orders].columns[weight]: {\"name\":\"weight\",\"type\":\"real\"} (breaking: column removed: consumers selecting it fail; a rename is a removal and an addition)",
                "+ spec.datasets[orders].columns[weight_kg]: {\"name\":\"weight_kg\",\"type\":\"real\"}");
        assertThat(changes.get(2).reason()).isEqualTo("column added: queries that name their columns are unaffected");
    }

    @Test
    void aMetricsUnitStatedIsANewPromise()
            throws Exception
    {
        List<DescriptorChange> changes = changes(edit(CONTRACT, "unit: USD, ", ""), CONTRACT);
        assertThat(changes).extracting(change -> change.impact().wireName() + " " + change.path()).containsExactly("compatible " + REVENUE + ".metric.unit");
        assertThat(ContractChanges.bump(changes)).isEqualTo(MINOR);
    }

    @Test
    void aCreationCallsForNoVersion()
            throws Exception
    {
        List<DescriptorChange> changes = ContractChanges.classify(DescriptorDiffer.diff(null, tree(CONTRACT)));
        assertThat(changes).singleElement().satisfies(change -> assertThat(change.impact()).isEqualTo(ContractImpact.NONE));
        assertThat(ContractChanges.bump(changes)).isEqualTo(NONE);
    }

    private static String edit(String contract, String before, String after)
    {
        assertThat(contract.split(Pattern.quote(before), -1)).as("the contract holds '%s' once", before).hasSize(2);
        return contract.replace(before, after);
    }

    private static List<DescriptorChange> changes(String before, String after)
            throws DescriptorSyntaxException
    {
        return ContractChanges.classify(DescriptorDiffer.diff(tree(before), tree(after)));
    }

    // As the registry compares them: valid descriptors, bound to the model (so that defaults read alike).
    private static JsonNode tree(String descriptor)
            throws DescriptorSyntaxException
    {
        JsonNode document = DescriptorDocuments.readDocument(descriptor);
        assertThat(DescriptorValidator.validateProduct(document)).as(descriptor).isEmpty();
        return DescriptorDocuments.toTree(DescriptorDocuments.bind(document, DataProduct.class));
    }
}
