package dev.trinomesh.integration;

import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.QualityRun;
import dev.trinomesh.api.quality.QualityStatus;
import io.trino.Session;
import io.trino.spi.security.Identity;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import io.trino.testing.TestingGroupProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.trinomesh.integration.QueryWaits.await;
import static dev.trinomesh.integration.QueryWaits.sleep;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The semantic layer end to end, in a real Trino with the mesh access control, a real catalog service and
 * its quality runner: a finance product publishes a metric defined in SQL over the shop product's orders;
 * a consumer of the metric (who may not read the orders) queries it with plain SQL and gets the numbers an
 * admin computes from the lake; its checks run through Trino and report; discovery lists it with its owner,
 * to those who may read it only. The tests only read what {@link #setUp()} made (running the checks changes the
 * metric's health, which no other test reads), so each runs alone and in any order.
 */
class TestMetrics
        extends AbstractTestQueryFramework
{
    private static final Map<String, Set<String>> GROUPS = new HashMap<>();
    private static final Session ADMIN = user("admin");
    // carla is an analyst: a consumer of finance, not of shop
    private static final Session CARLA = user("carla", "analysts");
    private static final Session EVE = user("eve");
    private static final String METRIC_SQL = "SELECT date_trunc('month', orderdate) AS month, CAST(sum(totalprice) AS decimal(18,2)) AS revenue FROM mesh.shop.orders GROUP BY 1";
    private static final String ADMIN_SQL = "SELECT date_trunc('month', orderdate), CAST(sum(totalprice) AS decimal(18,2)) FROM lake.shop.orders GROUP BY 1";
    private static final long REVENUE_LIMIT = 25_000_000;

    private TestingMesh mesh;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        mesh = TestingMesh.builder()
                .withServiceProperties(Map.of("governance.admins", "user:admin"))
                // the checks' identity reads sources unfiltered, and is no admin, as etc/ configures it
                .withAccessControl(Map.of("mesh.admins", "user:admin", "mesh.unfiltered-readers", "user:mesh-quality"))
                .withQuality()
                .build();
        return mesh.runner();
    }

    private static Session user(String name, String... groups)
    {
        GROUPS.put(name, Set.of(groups));
        return testSessionBuilder()
                .setIdentity(Identity.forUser(name).withGroups(Set.of(groups)).build())
                .setCatalog("mesh")
                .setSchema("information_schema")
                .build();
    }

    @BeforeAll
    void setUp()
    {
        TestingGroupProvider groups = new TestingGroupProvider();
        groups.setUserGroups(GROUPS);
        getQueryRunner().getGroupProvider().setConfiguredGroupProvider(groups);
        run(ADMIN, "CREATE SCHEMA lake.shop");
        run(ADMIN, "CREATE TABLE lake.shop.orders AS SELECT orderkey, orderdate, totalprice FROM tpch.tiny.orders");
        mesh.registry().applyProduct("shop", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: shop, domain: sales, owner: group:sales-team, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.shop.orders}
                      columns:
                        - {name: orderkey, type: bigint}
                        - {name: orderdate, type: date}
                        - {name: totalprice, type: double}
                  access:
                    consumers: [group:finance]
                """, Optional.empty(), false);
        mesh.registry().applyProduct("finance", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: finance, domain: finance, owner: group:finance, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: monthly_revenue
                      description: Revenue per calendar month, all channels
                      owner: group:finance-analysts
                      metric: {measure: revenue, unit: USD, dimensions: [month], grain: month}
                      source:
                        sql: "%s"
                      columns:
                        - {name: month, type: date, required: true, unique: true}
                        - {name: revenue, type: "decimal(18,2)"}
                      quality:
                        - {check: unique, column: month}
                        - {check: range, column: revenue, max: %s}
                  access:
                    consumers: [group:analysts]
                """.formatted(METRIC_SQL, REVENUE_LIMIT), Optional.empty(), false);
        // The connector and the access control poll the service: wait until carla reads the metric.
        await(getQueryRunner(), CARLA, "SELECT count(*) FROM mesh.finance.monthly_revenue", outcome -> outcome.matches("[1-9]\\d*"));
    }

    @Test
    void aConsumerQueriesTheMetricWithPlainSql()
    {
        List<MaterializedRow> expected = run(ADMIN, ADMIN_SQL).getMaterializedRows();
        assertThat(expected).hasSizeGreaterThan(12);
        MaterializedResult actual = run(CARLA, "SELECT month, revenue FROM mesh.finance.monthly_revenue");
        assertThat(actual.getMaterializedRows()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(run(CARLA, "SELECT sum(revenue) FROM mesh.finance.monthly_revenue WHERE month >= DATE '1995-01-01' AND month < DATE '1996-01-01'").getOnlyValue())
                .isEqualTo(run(ADMIN, "SELECT sum(revenue) FROM (%s) WHERE month >= DATE '1995-01-01' AND month < DATE '1996-01-01'".formatted(METRIC_SQL.replace("mesh.shop.orders", "lake.shop.orders"))).getOnlyValue());
        // The metric shares the aggregate, not the orders behind it; who is no consumer reads neither.
        assertThatThrownBy(() -> run(CARLA, "SELECT count(*) FROM mesh.shop.orders")).hasMessageContaining("Access Denied").hasMessageContaining("carla is not a consumer of product 'shop'");
        assertThatThrownBy(() -> run(EVE, "SELECT count(*) FROM mesh.finance.monthly_revenue")).hasMessageContaining("Access Denied").hasMessageContaining("eve is not a consumer of product 'finance'");
    }

    @Test
    void theMetricsChecksRunAndReport()
    {
        long monthsAboveLimit = (long) run(ADMIN, "SELECT count(*) FROM (%s) t(month, revenue) WHERE revenue > %s".formatted(ADMIN_SQL, REVENUE_LIMIT)).getOnlyValue();
        assertThat(monthsAboveLimit).isPositive();

        QualityRun run = runChecks("finance");
        Map<String, CheckResult> results = run.results().stream().collect(Collectors.toMap(CheckResult::check, result -> result));
        assertThat(results.keySet()).containsExactlyInAnyOrder("unique_month", "range_revenue");
        assertThat(results.get("unique_month").outcome()).isEqualTo(CheckOutcome.PASSED);
        assertThat(results.get("unique_month").measured()).isZero();
        CheckResult range = results.get("range_revenue");
        assertThat(range.outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(range.measured()).isEqualTo((double) monthsAboveLimit);
        assertThat(range.message()).isEqualTo("%s rows have a revenue above %s".formatted(monthsAboveLimit, REVENUE_LIMIT));
        assertThat(run.datasets()).singleElement().satisfies(health -> {
            assertThat(health.dataset()).isEqualTo("monthly_revenue");
            // a failed check that does not block: the metric stays readable
            assertThat(health.status()).isEqualTo(QualityStatus.WARNING);
            assertThat(health.blocked()).isFalse();
        });

        // Through the API and through SQL, to those who may read the metric
        assertThat(mesh.registry().qualityResults(Optional.of("finance"), Optional.of("monthly_revenue"), Optional.empty(), 100))
                .extracting(result -> result.check() + " " + result.outcome().wireName())
                .containsExactlyInAnyOrder("unique_month passed", "range_revenue failed");
        assertThat(run(CARLA, "SELECT check_name || ' ' || outcome FROM mesh.metadata.quality_results WHERE product = 'finance' AND dataset = 'monthly_revenue'").getOnlyColumnAsSet())
                .containsExactlyInAnyOrder("unique_month passed", "range_revenue failed");
        assertThat(run(EVE, "SELECT count(*) FROM mesh.metadata.quality_results").getOnlyValue()).isEqualTo(0L);
        await(getQueryRunner(), CARLA, "SELECT quality_status FROM mesh.metadata.metrics WHERE metric = 'monthly_revenue'", "warning"::equals);
        assertThat(run(CARLA, "SELECT count(*) FROM mesh.finance.monthly_revenue").getOnlyValue()).isEqualTo((long) run(ADMIN, ADMIN_SQL).getRowCount());
    }

    @Test
    void discoveryListsTheMetricWithItsOwnerToWhoMayReadIt()
    {
        MaterializedResult metrics = run(CARLA, "SELECT product, metric, qualified_name, description, owner, measure, unit, dimensions, grain, status, definition FROM mesh.metadata.metrics");
        assertThat(metrics.getMaterializedRows()).singleElement().satisfies(row -> assertThat(row.getFields()).containsExactly(
                "finance", "monthly_revenue", "mesh.finance.monthly_revenue", "Revenue per calendar month, all channels", "group:finance-analysts",
                "revenue", "USD", List.of("month"), "month", "published", METRIC_SQL));
        // In metadata.datasets it is a dataset of kind metric; carla sees none of shop's datasets.
        assertThat(run(CARLA, "SELECT product || '.' || dataset || ' ' || kind || ' ' || owner FROM mesh.metadata.datasets").getOnlyColumnAsSet())
                .containsExactly("finance.monthly_revenue metric group:finance-analysts");
        assertThat(run(ADMIN, "SELECT product || '.' || dataset || ' ' || kind || ' ' || owner FROM mesh.metadata.datasets").getOnlyColumnAsSet())
                .containsExactlyInAnyOrder("finance.monthly_revenue metric group:finance-analysts", "shop.orders dataset group:sales-team");
        assertThat(run(EVE, "SELECT count(*) FROM mesh.metadata.metrics").getOnlyValue()).isEqualTo(0L);
        assertThat(run(ADMIN, "SELECT count(*) FROM mesh.metadata.metrics").getOnlyValue()).isEqualTo(1L);
    }

    private QualityRun runChecks(String product)
    {
        QualityRun run = mesh.registry().requestQualityRun(product, Optional.empty());
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!run.done()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("quality run %s did not finish in 2 minutes: %s".formatted(run.id(), run));
            }
            sleep(100);
            run = mesh.registry().qualityRun(run.id());
        }
        return run;
    }

    private MaterializedResult run(Session session, String sql)
    {
        return getQueryRunner().execute(session, sql);
    }
}
