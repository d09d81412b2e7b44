package dev.trinomesh.connector;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.airlift.units.Duration;
import io.trino.Session;
import io.trino.spi.security.Identity;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** The mesh connector in a real Trino, over a real catalog service in the same JVM. */
class TestMeshConnector
        extends AbstractTestQueryFramework
{
    private TestingCatalogService service;
    private HttpClient httpClient;
    private CatalogServiceClient registry;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        service = new TestingCatalogService();
        httpClient = new JettyHttpClient(new HttpClientConfig());
        registry = service.client(httpClient, "admin");
        registry.applyProduct("shop", TestingProducts.orders("shop", "published"), Optional.empty(), false);
        registry.applyProduct("finance_kpis", TestingProducts.revenue("finance_kpis", "shop"), Optional.empty(), false);
        registry.applyProduct("drafted", TestingProducts.orders("drafted", "draft"), Optional.empty(), false);
        registry.applyProduct("broken", TestingProducts.mistyped("broken"), Optional.empty(), false);
        registry.applyProduct("kpis", TestingProducts.metrics("kpis", "shop"), Optional.empty(), false);
        return MeshQueryRunner.create(service);
    }

    @AfterAll
    void stopService()
    {
        httpClient.close();
        service.close();
    }

    @Test
    void publishedProductsAreSchemas()
    {
        assertThat(computeActual("SHOW SCHEMAS FROM mesh").getOnlyColumnAsSet())
                .contains("shop", "finance_kpis", "broken", "information_schema", "metadata")
                .doesNotContain("drafted");
        assertThat(computeActual("SHOW TABLES FROM mesh.shop").getOnlyColumnAsSet()).containsExactlyInAnyOrder("orders", "big_orders");
    }

    @Test
    void datasetsHaveTheContractsColumnsTypesAndComments()
    {
        MaterializedResult columns = computeActual("DESCRIBE mesh.shop.orders");
        assertThat(columns.getMaterializedRows()).extracting(row -> row.getField(0) + " " + row.getField(1) + " " + row.getField(3)).containsExactly(
                "orderkey bigint Order key",
                "custkey bigint Customer",
                "totalprice double Order total",
                "orderdate date Day ordered",
                "clerk varchar(15) Clerk");
        assertThat(computeScalar("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'mesh' AND schema_name = 'shop' AND table_name = 'orders'"))
                .isEqualTo("One row per order");
    }

    @Test
    void queriesReturnTheSourcesRows()
    {
        assertThat(query("SELECT * FROM mesh.shop.orders"))
                .matches("SELECT orderkey, custkey, totalprice, orderdate, clerk FROM tpch.tiny.orders");
        assertThat(query("SELECT clerk, count(*) FROM mesh.shop.orders WHERE orderdate >= DATE '1998-01-01' GROUP BY clerk"))
                .matches("SELECT clerk, count(*) FROM tpch.tiny.orders WHERE orderdate >= DATE '1998-01-01' GROUP BY clerk");
    }

    @Test
    void aDatasetQueryIsPlannedExactlyLikeItsSourceQuery()
    {
        // TPC-H Q6 shape: the view is inlined, so the plan (and thus the cost) is the source's.
        String q6 = "SELECT sum(totalprice) FROM %s WHERE orderdate >= DATE '1994-01-01' AND orderdate < DATE '1995-01-01' AND custkey < 1000";
        assertThat(computeScalar("EXPLAIN " + q6.formatted("mesh.shop.orders")))
                .isEqualTo(computeScalar("EXPLAIN " + q6.formatted("tpch.tiny.orders")));
    }

    @Test
    void datasetsCanBeBuiltOnOtherProducts()
    {
        assertThat(query("SELECT * FROM mesh.finance_kpis.yearly_revenue"))
                .matches("SELECT year(orderdate), sum(totalprice) FROM tpch.tiny.orders GROUP BY year(orderdate)");
    }

    @Test
    void viewsRunAsTheirProductsPrincipal()
    {
        // A consumer cannot read the source, yet reads the dataset: the view runs as product:shop.
        Session consumer = Session.builder(getSession()).setIdentity(Identity.ofUser("consumer")).build();
        assertQueryFails(consumer, "SELECT count(*) FROM tpch.tiny.orders", "Access Denied: Cannot select from table tpch.tiny.orders");
        assertThat(computeScalar(consumer, "SELECT count(*) FROM mesh.shop.orders")).isEqualTo(15000L);
        assertThat(computeScalar(consumer, "SELECT count(*) FROM mesh.finance_kpis.yearly_revenue")).isEqualTo(7L);
        assertThat((String) computeScalar("SHOW CREATE VIEW mesh.shop.orders"))
                .contains("SECURITY DEFINER")
                .contains("SELECT\n  \"orderkey\"");
    }

    @Test
    void aContractThatDoesNotFitItsSourceFailsClearly()
    {
        assertQueryFails("SELECT * FROM mesh.broken.orders",
                ".*column \\[orderkey\\] of type bigint projected from query view at position 0 cannot be coerced to column \\[orderkey\\] of type date stored in view definition.*");
    }

    @Test
    void discoveryTablesDescribeTheWholeMesh()
    {
        assertThat(query("SELECT product, domain, owner, status, version, tags, dataset_count FROM mesh.metadata.products WHERE product IN ('shop', 'drafted')"))
                .matches("""
                        VALUES
                        (VARCHAR 'drafted', VARCHAR 'sales', VARCHAR 'group:sales-team', VARCHAR 'draft', VARCHAR '1.0.0', ARRAY[VARCHAR 'orders', VARCHAR 'test'], BIGINT '2'),
                        (VARCHAR 'shop', VARCHAR 'sales', VARCHAR 'group:sales-team', VARCHAR 'published', VARCHAR '1.0.0', ARRAY[VARCHAR 'orders', VARCHAR 'test'], BIGINT '2')""");
        assertThat(query("SELECT qualified_name, source_kind, source FROM mesh.metadata.datasets WHERE product = 'shop'"))
                .matches("VALUES (VARCHAR 'mesh.shop.orders', VARCHAR 'table', VARCHAR 'tpch.tiny.orders'), (VARCHAR 'mesh.shop.big_orders', VARCHAR 'sql', VARCHAR 'SELECT orderkey, totalprice FROM tpch.tiny.orders WHERE totalprice > 400000')");
        assertThat(query("SELECT product, dataset, column_name, data_type FROM mesh.metadata.columns WHERE contains(classifications, 'pii') AND status = 'published'"))
                .matches("VALUES (VARCHAR 'shop', VARCHAR 'orders', VARCHAR 'clerk', VARCHAR 'varchar(15)')");
    }

    @Test
    void metricsAreDatasetsListedWithWhatTheyMeasure()
    {
        assertThat(query("SELECT * FROM mesh.kpis.monthly_revenue"))
                .matches("SELECT date_trunc('month', orderdate), sum(totalprice) FROM tpch.tiny.orders GROUP BY 1");
        assertThat(query("SELECT product, metric, qualified_name, description, owner, measure, unit, dimensions, grain, status, quality_status, definition FROM mesh.metadata.metrics"))
                .matches("""
                        VALUES
                        (VARCHAR 'kpis', VARCHAR 'monthly_revenue', VARCHAR 'mesh.kpis.monthly_revenue', VARCHAR 'Revenue per calendar month', VARCHAR 'group:finance-analysts',
                         VARCHAR 'revenue', VARCHAR 'USD', ARRAY[VARCHAR 'month'], VARCHAR 'month', VARCHAR 'published', VARCHAR 'unknown',
                         VARCHAR 'SELECT date_trunc(''month'', orderdate) AS month, sum(totalprice) AS revenue FROM shop.orders GROUP BY 1'),
                        (VARCHAR 'kpis', VARCHAR 'order_count', VARCHAR 'mesh.kpis.order_count', NULL, VARCHAR 'group:finance',
                         VARCHAR 'orders', NULL, CAST(ARRAY[] AS array(varchar)), NULL, VARCHAR 'published', VARCHAR 'unknown', VARCHAR 'SELECT count(*) AS orders FROM shop.orders')""");
        // In metadata.datasets a metric is a dataset of kind 'metric', under its own owner; columns follow it.
        assertThat(query("SELECT product, dataset, kind, owner FROM mesh.metadata.datasets WHERE product IN ('kpis', 'finance_kpis')"))
                .matches("""
                        VALUES
                        (VARCHAR 'kpis', VARCHAR 'monthly_revenue', VARCHAR 'metric', VARCHAR 'group:finance-analysts'),
                        (VARCHAR 'kpis', VARCHAR 'order_count', VARCHAR 'metric', VARCHAR 'group:finance'),
                        (VARCHAR 'finance_kpis', VARCHAR 'yearly_revenue', VARCHAR 'dataset', VARCHAR 'group:finance')""");
        assertThat(query("SELECT DISTINCT owner FROM mesh.metadata.columns WHERE product = 'kpis' AND dataset = 'monthly_revenue'"))
                .matches("VALUES VARCHAR 'group:finance-analysts'");
    }

    @Test
    void registryChangesReachTrinoWithoutARestart()
    {
        registry.applyProduct("late", TestingProducts.orders("late", "draft"), Optional.empty(), false);
        assertThat(computeActual("SHOW SCHEMAS FROM mesh").getOnlyColumnAsSet()).doesNotContain("late");
        registry.changeStatus("late", ProductStatus.PUBLISHED, Optional.empty());
        assertQueryEventually(getSession(), "SELECT count(*) FROM mesh.late.orders", "SELECT 15000", new Duration(10, SECONDS));
        registry.changeStatus("late", ProductStatus.DEPRECATED, Optional.empty());
        registry.changeStatus("late", ProductStatus.RETIRED, Optional.empty());
        assertQueryFailsEventually("SELECT count(*) FROM mesh.late.orders", ".*Schema 'late' does not exist.*", new Duration(10, SECONDS));
    }

    @Test
    void bIToolsBrowseTheMeshThroughJdbc()
            throws Exception
    {
        DistributedQueryRunner runner = (DistributedQueryRunner) getQueryRunner();
        String url = "jdbc:trino://%s:%s/mesh".formatted(runner.getCoordinator().getBaseUrl().getHost(), runner.getCoordinator().getBaseUrl().getPort());
        try (Connection connection = DriverManager.getConnection(url, "analyst", null)) {
            DatabaseMetaData metadata = connection.getMetaData();
            assertThat(column(metadata.getSchemas("mesh", null), "TABLE_SCHEM")).contains("shop", "finance_kpis", "metadata").doesNotContain("drafted");
            try (ResultSet tables = metadata.getTables("mesh", "shop", null, null)) {
                List<String> rows = new ArrayList<>();
                while (tables.next()) {
                    rows.add(tables.getString("TABLE_NAME") + " " + tables.getString("TABLE_TYPE"));
                }
                assertThat(rows).containsExactly("big_orders VIEW", "orders VIEW");
            }
            try (ResultSet columns = metadata.getColumns("mesh", "shop", "orders", null)) {
                List<String> rows = new ArrayList<>();
                while (columns.next()) {
                    rows.add("%s %s %s".formatted(columns.getString("COLUMN_NAME"), columns.getString("TYPE_NAME"), columns.getString("REMARKS")));
                }
                assertThat(rows).containsExactly(
                        "orderkey bigint Order key",
                        "custkey bigint Customer",
                        "totalprice double Order total",
                        "orderdate date Day ordered",
                        "clerk varchar(15) Clerk");
            }
        }
    }

    @Test
    void anUnreachableServiceIsReportedClearly()
    {
        DistributedQueryRunner runner = (DistributedQueryRunner) getQueryRunner();
        runner.createCatalog("mesh_nowhere", "mesh", MeshQueryRunner.meshCatalog(java.net.URI.create("http://127.0.0.1:1"), "no-service-there", Map.of()));
        assertQueryFails("SHOW SCHEMAS FROM mesh_nowhere",
                ".*The mesh catalog is unavailable: the catalog service at http://127.0.0.1:1 cannot be reached\\. Last error: catalog service at http://127.0.0.1:1 is unreachable: .*Check that the service runs and that mesh.catalog-service.uri is right\\.");
    }

    private static List<String> column(ResultSet resultSet, String name)
            throws Exception
    {
        List<String> values = new ArrayList<>();
        try (resultSet) {
            while (resultSet.next()) {
                values.add(resultSet.getString(name));
            }
        }
        return values;
    }

}
