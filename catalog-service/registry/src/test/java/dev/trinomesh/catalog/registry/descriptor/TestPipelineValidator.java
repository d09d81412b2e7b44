package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.api.model.QualifiedTableName;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.registry.api.PlannedStep;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestPipelineValidator
{
    static final String VALID = """
            apiVersion: mesh/v1
            kind: Pipeline
            metadata: {name: daily_revenue, product: sales_revenue, description: Revenue per day}
            spec:
              upstream: [sales_orders]
              trigger: {every: 1h, cron: "0 6 * * 1-5", on: [sales_orders.orders]}
              timeout: 30m
              retries: 2
              steps:
                - name: stage
                  sql: |
                    CREATE TABLE IF NOT EXISTS lake.revenue_ns.daily_stage AS
                    WITH recent AS (
                        SELECT * FROM mesh.sales_orders.orders WHERE order_date >= ${window_start} AND order_date < ${window_end})
                    SELECT order_date, sum(amount) AS revenue FROM recent GROUP BY order_date
                - name: upsert
                  sql: |
                    MERGE INTO lake.revenue_ns.daily t USING lake.revenue_ns.daily_stage s ON t.order_date = s.order_date
                    WHEN MATCHED THEN UPDATE SET revenue = s.revenue
                    WHEN NOT MATCHED THEN INSERT (order_date, revenue) VALUES (s.order_date, s.revenue);
                - name: prune
                  sql: DELETE FROM lake.revenue_ns.daily WHERE order_date NOT IN (SELECT order_date FROM mesh.sales_orders.orders)
                - name: zero
                  sql: UPDATE Lake.Revenue_NS.Daily SET revenue = 0 WHERE revenue IS NULL AND EXISTS (SELECT 1 FROM "mesh"."sales_orders"."orders")
                - name: audit
                  sql: INSERT INTO lake.revenue_ns.audit SELECT ${run_id}, n.name FROM tpch.tiny.nation n JOIN mesh.sales_revenue.daily d ON true
            """;

    private static final Map<String, DataProduct> PRODUCTS = Map.of(
            "sales_revenue", product("sales_revenue", "published", "revenue_ns", """
                    - {name: daily, source: {table: lake.revenue_ns.daily}, columns: [{name: order_date, type: date}]}
                    """),
            "sales_orders", product("sales_orders", "published", null, """
                    - {name: orders, source: {table: lake.sales_orders.orders}, columns: [{name: order_date, type: date}]}
                    - {name: order_view, source: {sql: "SELECT * FROM mesh.sales_orders.orders"}, columns: [{name: order_date, type: date}]}
                    """),
            "customers", product("customers", "published", null, """
                    - {name: people, source: {table: lake.customers.people}, columns: [{name: id, type: bigint}]}
                    """),
            "old_stuff", product("old_stuff", "retired", null, """
                    - {name: things, source: {table: lake.old_stuff.things}, columns: [{name: id, type: bigint}]}
                    """));

    @Test
    void acceptsAPipelineAndPlansItsSteps()
    {
        PipelineValidator.Result result = validate(VALID);
        assertThat(result.violations()).isEmpty();
        assertThat(result.steps()).extracting(PlannedStep::name).containsExactly("stage", "upsert", "prune", "zero", "audit");
        assertThat(result.steps()).extracting(PlannedStep::statementKind).containsExactly("CREATE TABLE AS", "MERGE", "DELETE", "UPDATE", "INSERT");
        assertThat(result.steps()).extracting(PlannedStep::target).containsExactly(
                table("lake.revenue_ns.daily_stage"), table("lake.revenue_ns.daily"), table("lake.revenue_ns.daily"), table("lake.revenue_ns.daily"), table("lake.revenue_ns.audit"));
        // The WITH query is not a table; the written table is not read, but for MERGE's source.
        assertThat(result.steps().get(0).reads()).containsExactly(table("mesh.sales_orders.orders"));
        assertThat(result.steps().get(1).reads()).containsExactly(table("lake.revenue_ns.daily_stage"));
        assertThat(result.steps().get(2).reads()).containsExactly(table("mesh.sales_orders.orders"));
        assertThat(result.steps().get(3).reads()).containsExactly(table("mesh.sales_orders.orders"));
        assertThat(result.steps().get(4).reads()).containsExactlyInAnyOrder(table("tpch.tiny.nation"), table("mesh.sales_revenue.daily"));
        // The SQL to run keeps its parameters, without the terminating semicolon.
        assertThat(result.steps().get(0).sql()).contains("${window_start}").doesNotContain("TIMESTAMP");
        assertThat(result.steps().get(1).sql()).endsWith("VALUES (s.order_date, s.revenue)");

        Pipeline pipeline = DescriptorDocuments.bind(document(VALID), Pipeline.class);
        assertThat(PipelineValidator.plan(pipeline)).isEqualTo(result.steps());
        assertThat(pipeline.spec().timeoutOrDefault().toMillis()).isEqualTo(30 * 60 * 1000);
        assertThat(pipeline.spec().retriesOrDefault()).isEqualTo(2);
    }

    @Test
    void aMinimalPipelineHasNoTriggerAndTheDefaultLimits()
    {
        String minimal = """
                apiVersion: mesh/v1
                kind: Pipeline
                metadata: {name: rebuild, product: sales_revenue}
                spec:
                  steps:
                    - {name: copy, sql: "INSERT INTO lake.revenue_ns.copy SELECT * FROM lake.revenue_ns.daily"}
                """;
        assertThat(validate(minimal).violations()).isEmpty();
        Pipeline pipeline = DescriptorDocuments.bind(document(minimal), Pipeline.class);
        assertThat(pipeline.spec().timeoutOrDefault()).isEqualTo(Pipeline.DEFAULT_TIMEOUT);
        assertThat(pipeline.spec().retriesOrDefault()).isZero();
        assertThat(pipeline.spec().triggerOrNone().on()).isEmpty();
    }

    @Test
    void refusesTheFormAndTheProduct()
    {
        assertRefused(VALID.replace("apiVersion: mesh/v1", "apiVersion: mesh/v2"), "apiVersion", "must be 'mesh/v1'");
        assertRefused(VALID.replace("kind: Pipeline", "kind: Policy"), "kind", "must be 'Pipeline'");
        assertRefused(VALID.replace("name: daily_revenue", "name: Daily-Revenue"), "metadata.name", "must be a lower-case SQL identifier");
        assertRefused(VALID.replace("product: sales_revenue", "product: nope"), "metadata.product", "no such product");
        assertRefused(VALID.replace("product: sales_revenue", "product: old_stuff"), "metadata.product", "the product is retired: a retired product runs no pipelines");
        assertRefused(VALID.replace(", description: Revenue per day", ", owner: sam"), "metadata.owner", "allowed here: description, name, product");
        assertRefused(VALID.replace("  timeout: 30m", "  timout: 30m"), "spec.timout", "unknown field; did you mean 'timeout'?");
    }

    @Test
    void refusesStepsThatAreMissingOrNamedTwice()
    {
        assertRefused(VALID.substring(0, VALID.indexOf("  steps:")), "spec.steps", "is required and must be a non-empty list");
        assertRefused(VALID.substring(0, VALID.indexOf("  steps:")) + "  steps: []\n", "spec.steps", "must not be empty");
        assertRefused(VALID.replace("name: prune", "name: stage"), "spec.steps[2].name", "is also the name of spec.steps[0]; step names are unique within a pipeline");
        assertRefused(VALID.replace("name: prune", "name: Prune"), "spec.steps[2].name", "must be a lower-case SQL identifier");
        assertRefused(VALID.replace("- name: audit\n      sql:", "- name: audit\n      query:"), "spec.steps[4].sql", "is required; must be the step's SQL statement");
    }

    @Test
    void refusesLimitsOutOfRange()
    {
        assertRefused(VALID.replace("timeout: 30m", "timeout: 2d"), "spec.timeout", "must be from 1s to 24h");
        assertRefused(VALID.replace("timeout: 30m", "timeout: 500ms"), "spec.timeout", "must be from 1s to 24h");
        assertRefused(VALID.replace("timeout: 30m", "timeout: soon"), "spec.timeout", "must be a duration such as 30m, 24h or 7d");
        assertRefused(VALID.replace("retries: 2", "retries: 11"), "spec.retries", "must be a whole number from 0 to 10");
        assertRefused(VALID.replace("retries: 2", "retries: -1"), "spec.retries", "must be a whole number from 0 to 10");
        assertRefused(VALID.replace("retries: 2", "retries: 1.5"), "spec.retries", "must be a whole number from 0 to 10");
        assertRefused(VALID.replace("retries: 2", "retries: \"2\""), "spec.retries", "must be a whole number from 0 to 10");
    }

    @Test
    void refusesTriggersThatCannotStartRuns()
    {
        assertRefused(VALID.replace("every: 1h", "every: 5s"), "spec.trigger.every", "must be at least 10s");
        assertRefused(VALID.replace("every: 1h", "every: hourly"), "spec.trigger.every", "must be a duration such as 30m, 24h or 7d");
        assertRefused(VALID.replace("0 6 * * 1-5", "61 6 * * *"), "spec.trigger.cron",
                "is not a cron schedule (minute hour day-of-month month day-of-week, in UTC): minute field: 61 is out of range 0-59");
        assertRefused(VALID.replace("0 6 * * 1-5", "0 6 * *"), "spec.trigger.cron", "must have five fields");
        assertRefused(VALID.replace("every: 1h", "evry: 1h"), "spec.trigger.evry", "unknown field; did you mean 'every'?");
        assertRefused(VALID.replace("on: [sales_orders.orders]", "on: sales_orders.orders"), "spec.trigger.on", "must be a list");
        assertRefused(VALID.replace("on: [sales_orders.orders]", "on: [orders]"), "spec.trigger.on[0]", "must name a dataset as <product>.<dataset>");
        assertRefused(VALID.replace("on: [sales_orders.orders]", "on: [sales_orders.orders, sales_revenue.daily]"), "spec.trigger.on[1]",
                "names the pipeline's own product 'sales_revenue': its runs, writing its tables, would start one another");
        assertRefused(VALID.replace("on: [sales_orders.orders]", "on: [customers.people]"), "spec.trigger.on[0]",
                "names product 'customers', which is not in spec.upstream: a run is started only by commits of the products the pipeline reads; add it there");
        assertRefused(VALID.replace("on: [sales_orders.orders]", "on: [sales_orders.nope]"), "spec.trigger.on[0]", "product 'sales_orders' has no dataset 'nope'; it has: orders, order_view");
        assertRefused(VALID.replace("on: [sales_orders.orders]", "on: [sales_orders.order_view]"), "spec.trigger.on[0]",
                "dataset 'order_view' of product 'sales_orders' is not a table of the lake (catalog lake), so no commit of it can start a run");
    }

    @Test
    void refusesUpstreamProductsThatAreNotOthersServedOnes()
    {
        assertRefused(VALID.replace("upstream: [sales_orders]", "upstream: [sales_orders, sales_revenue]"), "spec.upstream[1]", "is the pipeline's own product");
        assertRefused(VALID.replace("upstream: [sales_orders]", "upstream: [sales_orders, nope]"), "spec.upstream[1]", "no such product");
        assertRefused(VALID.replace("upstream: [sales_orders]", "upstream: [sales_orders, old_stuff]"), "spec.upstream[1]", "the product is retired");
        assertRefused(VALID.replace("upstream: [sales_orders]", "upstream: [sales_orders, sales_orders]"), "spec.upstream[1]", "is listed twice");
        assertRefused(VALID.replace("upstream: [sales_orders]", "upstream: sales_orders"), "spec.upstream", "must be a list");
        // A step reading an upstream product that was refused is not refused again for it.
        List<Violation> violations = validate(VALID.replace("upstream: [sales_orders]", "upstream: [sales_orders, nope]")
                .replace("FROM tpch.tiny.nation n", "FROM mesh.nope.things n")).violations();
        assertThat(violations).extracting(Violation::path).containsExactly("spec.upstream[1]");
    }

    @Test
    void refusesStatementsThatAreNotOneWriteWithKnownParameters()
    {
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM mesh.sales_orders.orders WHERE d >= ${window_begin} AND ${Run_Id} > 0",
                "step 'audit' uses ${Run_Id}, ${window_begin}, which are no parameter: a step may use ${run_id}, ${window_end}, ${window_start} and ${changes(<product>.<dataset>)}");
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELEC 1", "step 'audit' is not a valid Trino SQL statement: mismatched input 'SELEC'");
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT 1 WHERE x = '${window_start}'", "step 'audit' is not a valid Trino SQL statement");
        assertStepRefused("DELETE FROM lake.revenue_ns.t; DELETE FROM lake.revenue_ns.u", "a step is one statement: put each in a step of its own");
        assertStepRefused("SELECT * FROM mesh.sales_orders.orders", "step 'audit' is a query (SELECT), which writes no table: a step is an INSERT, MERGE, CREATE TABLE AS, DELETE or UPDATE statement");
        assertStepRefused("DROP TABLE lake.revenue_ns.daily", "step 'audit' is a DROP TABLE statement, which writes no table");
        assertStepRefused("CREATE TABLE lake.revenue_ns.t (x bigint)", "step 'audit' is a CREATE TABLE statement, which writes no table");
        assertStepRefused("CALL lake.system.expire_snapshots('revenue_ns', 'daily')", "step 'audit' is a CALL statement, which writes no table");
    }

    @Test
    void refusesWritesOutsideTheProductsLakeNamespace()
    {
        assertStepRefused("INSERT INTO daily SELECT * FROM mesh.sales_orders.orders",
                "step 'audit' writes table 'daily' (INSERT), which is not fully qualified: write into lake.revenue_ns.<table>");
        assertStepRefused("INSERT INTO revenue_ns.daily SELECT * FROM mesh.sales_orders.orders", "writes table 'revenue_ns.daily' (INSERT), which is not fully qualified");
        assertStepRefused("INSERT INTO lake.sales_orders.orders SELECT * FROM mesh.sales_orders.orders",
                "step 'audit' writes lake.sales_orders.orders (INSERT), outside the lake namespace of product 'sales_revenue': a step writes only into lake.revenue_ns.<table>");
        assertStepRefused("CREATE TABLE lake.sales_revenue.t AS SELECT 1 x", "writes lake.sales_revenue.t (CREATE TABLE AS), outside the lake namespace of product 'sales_revenue'");
        assertStepRefused("DELETE FROM mesh.sales_revenue.daily", "writes mesh.sales_revenue.daily (DELETE), outside the lake namespace");
        assertStepRefused("UPDATE tpch.tiny.nation SET name = 'x'", "writes tpch.tiny.nation (UPDATE), outside the lake namespace");
        assertStepRefused("MERGE INTO lake.other.t USING lake.revenue_ns.daily s ON true WHEN MATCHED THEN DELETE", "writes lake.other.t (MERGE), outside the lake namespace");
    }

    @Test
    void refusesReadsOfTheLakeOutsideTheNamespaceWhereverTheyAre()
    {
        String direct = "reads lake table lake.sales_orders.orders directly: read other products through the mesh catalog, as mesh.<product>.<dataset> (in the lake, a step reads only lake.revenue_ns.<table>)";
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM lake.sales_orders.orders", "step 'audit' " + direct);
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM mesh.sales_orders.orders o JOIN lake.sales_orders.orders l ON o.id = l.id", direct);
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM mesh.sales_orders.orders WHERE id IN (SELECT id FROM lake.sales_orders.orders)", direct);
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT (SELECT max(id) FROM lake.sales_orders.orders)", direct);
        assertStepRefused("INSERT INTO lake.revenue_ns.t TABLE lake.sales_orders.orders", direct);
        assertStepRefused("INSERT INTO lake.revenue_ns.t WITH a AS (SELECT * FROM lake.sales_orders.orders) SELECT * FROM a", direct);
        assertStepRefused("DELETE FROM lake.revenue_ns.daily WHERE EXISTS (SELECT 1 FROM lake.sales_orders.orders)", direct);
        assertStepRefused("UPDATE lake.revenue_ns.daily SET revenue = (SELECT sum(amount) FROM lake.sales_orders.orders)", direct);
        assertStepRefused("MERGE INTO lake.revenue_ns.daily t USING lake.sales_orders.orders s ON t.id = s.id WHEN MATCHED THEN DELETE", direct);
        assertStepRefused("MERGE INTO lake.revenue_ns.daily t USING (SELECT * FROM mesh.sales_orders.orders) s ON t.id = s.id "
                + "WHEN MATCHED AND s.id IN (SELECT id FROM lake.sales_orders.orders) THEN DELETE", direct);
        assertStepRefused("CREATE TABLE lake.revenue_ns.t AS SELECT * FROM \"LAKE\".\"SALES_ORDERS\".\"ORDERS\"", "reads lake table LAKE.SALES_ORDERS.ORDERS directly");
    }

    @Test
    void refusesReadsThatAreUnqualifiedOrOfProductsNotUpstream()
    {
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM orders",
                "step 'audit' reads table 'orders', which is not fully qualified: name it catalog.schema.table (another product's dataset as mesh.<product>.<dataset>)");
        // A WITH query is in scope after it is declared, and within the query that declares it only.
        assertStepRefused("INSERT INTO lake.revenue_ns.t WITH a AS (SELECT * FROM b), b AS (SELECT 1 x) SELECT * FROM a", "reads table 'b', which is not fully qualified");
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM (WITH c AS (SELECT 1 x) SELECT * FROM c) JOIN c ON true", "reads table 'c', which is not fully qualified");
        assertThat(validate(step("INSERT INTO lake.revenue_ns.t WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r")).violations()).isEmpty();
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM mesh.customers.people",
                "step 'audit' reads mesh.customers.people of product 'customers', which is not in spec.upstream: list there every product the steps read");
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM mesh.metadata.products",
                "step 'audit' reads mesh.metadata.products, in the mesh catalog's metadata schema: a step reads datasets only, as mesh.<product>.<dataset>");
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM mesh.information_schema.tables", "in the mesh catalog's information_schema schema");
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM mesh.sales_orders.nope",
                "step 'audit' reads mesh.sales_orders.nope, but product 'sales_orders' has no dataset 'nope'; it has: orders, order_view");
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM mesh.sales_revenue.nope", "but product 'sales_revenue' has no dataset 'nope'; it has: daily");
        assertStepRefused("INSERT INTO lake.revenue_ns.t SELECT * FROM TABLE(tpch.system.query(query => 'SELECT 1'))",
                "step 'audit' calls table function tpch.system.query: a step reads tables only, named catalog.schema.table");
        // Other catalogs are Trino's access control's to govern.
        assertThat(validate(step("INSERT INTO lake.revenue_ns.t SELECT * FROM postgres.public.accounts")).violations()).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnce()
    {
        String broken = """
                apiVersion: mesh/v1
                kind: Pipeline
                metadata: {name: broken, product: sales_revenue}
                spec:
                  upstream: [nope]
                  trigger: {every: 1s, cron: "* * *"}
                  timeout: 48h
                  steps:
                    - {name: one, sql: "INSERT INTO lake.other.t SELECT * FROM lake.sales_orders.orders"}
                    - {name: one, sql: "SELECT 1"}
                """;
        assertThat(validate(broken).violations()).extracting(violation -> violation.path() + ": " + violation.rule())
                .anyMatch(line -> line.startsWith("spec.upstream[0]: no such product"))
                .anyMatch(line -> line.startsWith("spec.trigger.every: must be at least 10s"))
                .anyMatch(line -> line.startsWith("spec.trigger.cron: is not a cron schedule"))
                .anyMatch(line -> line.startsWith("spec.timeout: must be from 1s to 24h"))
                .anyMatch(line -> line.startsWith("spec.steps[0].sql: step 'one' writes lake.other.t (INSERT), outside the lake namespace"))
                .anyMatch(line -> line.startsWith("spec.steps[0].sql: step 'one' reads lake table lake.sales_orders.orders directly"))
                .anyMatch(line -> line.startsWith("spec.steps[1].name: is also the name of spec.steps[0]"))
                .anyMatch(line -> line.startsWith("spec.steps[1].sql: step 'one' is a query (SELECT)"))
                .hasSize(8);
        assertThat(validate(broken).steps()).isEmpty();
    }

    /** {@link #VALID} with its last step's SQL replaced. */
    private static String step(String sql)
    {
        return VALID.substring(0, VALID.indexOf("    - name: audit")) + "    - name: audit\n      sql: \"%s\"\n".formatted(sql.replace("\"", "\\\""));
    }

    private static void assertStepRefused(String sql, String rule)
    {
        assertRefused(step(sql), "spec.steps[4].sql", rule);
    }

    private static void assertRefused(String text, String path, String rule)
    {
        List<Violation> violations = validate(text).violations();
        assertThat(violations).as(text).anySatisfy(violation -> {
            assertThat(violation.path()).isEqualTo(path);
            assertThat(violation.rule()).contains(rule);
        });
    }

    static PipelineValidator.Result validate(String text)
    {
        return PipelineValidator.validate(document(text), name -> Optional.ofNullable(PRODUCTS.get(name)), "lake");
    }

    private static JsonNode document(String text)
    {
        try {
            return DescriptorDocuments.readDocument(text);
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static QualifiedTableName table(String name)
    {
        return QualifiedTableName.parse(name);
    }

    private static DataProduct product(String name, String status, String namespace, String datasets)
    {
        return DescriptorDocuments.bind(document("""
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: sales, owner: group:sales-team, version: 1.0.0, status: %s}
                spec:
                %s
                  datasets:
                %s
                """.formatted(name, status, namespace == null ? "" : "  lake: {namespace: %s}".formatted(namespace), datasets.indent(4).stripTrailing())), DataProduct.class);
    }
}
