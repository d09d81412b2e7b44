package dev.trinomesh.connector;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.trino.Session;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.trinomesh.connector.TestingQualityClient.blocked;
import static dev.trinomesh.connector.TestingQualityClient.healthy;
import static io.trino.spi.StandardErrorCode.GENERIC_USER_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The circuit breaker on a real Trino over a real catalog service, with the datasets' health set by the
 * test (the service's quality runner, which sets it for real, is tested with the service): which Trino
 * 476 paths read a dataset (and fail while it is blocked) and which only list it (and keep working).
 */
class TestMeshCircuitBreaker
        extends AbstractTestQueryFramework
{
    private static final Instant CHECKED_AT = Instant.parse("2026-01-01T06:00:00Z");
    private static final String BLOCKED = "Dataset mesh.shop.orders is blocked: its blocking quality check 'no_negative_totals' failed when checked at 2026-01-01T06:00:00Z: " +
            "12 orders have totalprice < 0 (expected 0). To read it anyway: SET SESSION mesh.read_failing = true. " +
            "The checks' results: SELECT * FROM mesh.metadata.quality_results WHERE product = 'shop' AND dataset = 'orders'";

    private TestingCatalogService service;
    private HttpClient httpClient;
    private TestingQualityClient client;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        service = new TestingCatalogService();
        httpClient = new JettyHttpClient(new HttpClientConfig());
        CatalogServiceClient registry = service.client(httpClient, "admin");
        registry.applyProduct("shop", TestingProducts.orders("shop", "published"), Optional.empty(), false);
        registry.applyProduct("finance_kpis", TestingProducts.revenue("finance_kpis", "shop"), Optional.empty(), false);
        client = new TestingQualityClient(httpClient, service.baseUri(), service.tokenFor(MeshQueryRunner.TRINO_PRINCIPAL));
        client.setQuality(List.of(
                blocked("shop", "orders", "no_negative_totals", CHECKED_AT, "12 orders have totalprice < 0 (expected 0)"),
                healthy("shop", "big_orders", CHECKED_AT)));
        client.setResults(List.of(
                new CheckResult(2, "shop", "orders", "no_negative_totals", "sql", true, CheckOutcome.FAILED, 12.0, "0", "12 orders have totalprice < 0 (expected 0)", CHECKED_AT, 41),
                new CheckResult(2, "shop", "orders", "row_count", "row_count", false, CheckOutcome.PASSED, 15000.0, ">= 1", null, CHECKED_AT, 41),
                new CheckResult(2, "shop", "big_orders", "row_count", "row_count", false, CheckOutcome.PASSED, 12.0, ">= 1", null, CHECKED_AT, 9)));
        return MeshQueryRunner.create(service, binder -> binder.bind(CatalogServiceClient.class).toInstance(client));
    }

    @AfterAll
    void stopService()
    {
        httpClient.close();
        service.close();
    }

    @Test
    void readingABlockedDatasetFailsAndSaysWhy()
    {
        assertThat(query("SELECT count(*) FROM mesh.shop.orders")).failure().hasErrorCode(GENERIC_USER_ERROR).hasMessage(BLOCKED);
        assertThat(query("SELECT count(*) FROM mesh.shop.big_orders b JOIN mesh.shop.orders o ON b.orderkey = o.orderkey")).failure().hasErrorCode(GENERIC_USER_ERROR).hasMessage(BLOCKED);
        // Planning reads no rows: the plan shows the failing filter.
        assertThat((String) computeScalar("EXPLAIN SELECT * FROM mesh.shop.orders")).contains("fail(");
        // Other datasets of the product are read as usual.
        assertThat(computeScalar("SELECT count(*) FROM mesh.shop.big_orders")).isEqualTo(16L);
    }

    @Test
    void aSessionThatReadsFailingDatasetsReadsIt()
    {
        Session readFailing = Session.builder(getSession()).setCatalogSessionProperty("mesh", "read_failing", "true").build();
        assertThat(computeScalar(readFailing, "SELECT count(*) FROM mesh.shop.orders")).isEqualTo(15000L);
        assertThat(computeActual("SHOW SESSION LIKE 'mesh.read_failing'").getMaterializedRows())
                .extracting(row -> row.getField(0) + " " + row.getField(2) + " " + row.getField(4))
                .containsExactly("mesh.read_failing false Read a dataset even when a blocking quality check failed");
    }

    @Test
    void aProductBuiltOnABlockedDatasetIsBlockedToo()
    {
        // Trino analyzes a view's query in a session of its own, without the catalog session properties:
        // read_failing applies to the datasets a query names, not to those read through another product.
        Session readFailing = Session.builder(getSession()).setCatalogSessionProperty("mesh", "read_failing", "true").build();
        assertThat(query(readFailing, "SELECT * FROM mesh.finance_kpis.yearly_revenue")).failure()
                .hasErrorCode(GENERIC_USER_ERROR)
                .hasMessage(BLOCKED);
    }

    @Test
    void listingABlockedDatasetKeepsWorking()
    {
        List<String> columns = List.of("orderkey", "custkey", "totalprice", "orderdate", "clerk");
        assertThat(computeActual("SHOW TABLES FROM mesh.shop").getOnlyColumnAsSet()).containsExactlyInAnyOrder("orders", "big_orders");
        assertThat(computeActual("SELECT table_name FROM information_schema.tables WHERE table_schema = 'shop'").getOnlyColumnAsSet()).containsExactlyInAnyOrder("orders", "big_orders");
        assertThat(computeActual("SELECT table_name FROM information_schema.views WHERE table_schema = 'shop' AND table_name = 'orders'").getOnlyColumnAsSet()).containsExactly("orders");
        // Columns of a schema (bulk), of one table (Trino asks for that one view), and with a pattern.
        assertThat(computeActual("SELECT column_name FROM information_schema.columns WHERE table_schema = 'shop' AND table_name = 'orders' ORDER BY ordinal_position").getOnlyColumn())
                .containsExactlyElementsOf(columns);
        assertThat(computeActual("SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'shop'").getOnlyColumnAsSet()).contains("orders");
        assertThat(computeActual("SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'shop' AND table_name LIKE 'ord%'").getOnlyColumnAsSet()).containsExactly("orders");
        assertThat(computeActual("DESCRIBE mesh.shop.orders").getMaterializedRows()).extracting(row -> (String) row.getField(0)).containsExactlyElementsOf(columns);
        assertThat(computeActual("SHOW COLUMNS FROM mesh.shop.orders").getRowCount()).isEqualTo(5);
        assertThat((String) computeScalar("SHOW CREATE VIEW mesh.shop.orders")).contains("SECURITY DEFINER");
        assertThat(computeScalar("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'mesh' AND schema_name = 'shop' AND table_name = 'orders'"))
                .isEqualTo("One row per order");
        assertThat(query("SELECT dataset, quality_status, quality_checked_at, blocked_by FROM mesh.metadata.datasets WHERE product IN ('shop', 'finance_kpis')"))
                .matches("""
                        VALUES
                        (VARCHAR 'orders', VARCHAR 'failing', TIMESTAMP '2026-01-01 06:00:00.000 UTC', VARCHAR 'no_negative_totals'),
                        (VARCHAR 'big_orders', VARCHAR 'healthy', TIMESTAMP '2026-01-01 06:00:00.000 UTC', NULL),
                        (VARCHAR 'yearly_revenue', VARCHAR 'unknown', NULL, NULL)""");
    }

    @Test
    void bIToolsBrowseABlockedDatasetThroughJdbc()
            throws Exception
    {
        DistributedQueryRunner runner = (DistributedQueryRunner) getQueryRunner();
        String url = "jdbc:trino://%s:%s/mesh".formatted(runner.getCoordinator().getBaseUrl().getHost(), runner.getCoordinator().getBaseUrl().getPort());
        try (Connection connection = DriverManager.getConnection(url, "analyst", null);
                ResultSet columns = connection.getMetaData().getColumns("mesh", "shop", "orders", null)) {
            List<String> names = new ArrayList<>();
            while (columns.next()) {
                names.add(columns.getString("COLUMN_NAME"));
            }
            assertThat(names).containsExactly("orderkey", "custkey", "totalprice", "orderdate", "clerk");
        }
    }

    @Test
    void qualityResultsAreReadFromTheServiceWithTheFiltersPushedDown()
    {
        assertThat(query("""
                SELECT run_id, check_name, kind, blocking, outcome, measured, expected, message, checked_at, duration_ms
                FROM mesh.metadata.quality_results WHERE product = 'shop' AND dataset = 'orders' AND check_name = 'no_negative_totals'"""))
                .matches("""
                        VALUES (BIGINT '2', VARCHAR 'no_negative_totals', VARCHAR 'sql', true, VARCHAR 'failed', DOUBLE '12.0', VARCHAR '0',
                            VARCHAR '12 orders have totalprice < 0 (expected 0)', TIMESTAMP '2026-01-01 06:00:00.000 UTC', BIGINT '41')""");
        assertThat(client.resultsRequests()).contains(new TestingQualityClient.ResultsRequest(Optional.of("shop"), Optional.of("orders"), Optional.of("no_negative_totals"), 10_000));

        assertThat(computeScalar("SELECT count(*) FROM mesh.metadata.quality_results WHERE outcome = 'passed'")).isEqualTo(2L);
        assertThat(client.resultsRequests()).contains(new TestingQualityClient.ResultsRequest(Optional.empty(), Optional.empty(), Optional.empty(), 10_000));
        assertThat((String) computeScalar("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'mesh' AND schema_name = 'metadata' AND table_name = 'quality_results'"))
                .contains("the newest 10000 matching the filter on product, dataset and check_name");
    }
}
