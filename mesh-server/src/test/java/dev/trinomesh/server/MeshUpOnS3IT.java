package dev.trinomesh.server;

import dev.trinomesh.testing.TestingS3Server;
import io.trino.jdbc.TrinoResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ./mesh up with the lake on S3 (s3proxy as the endpoint, the operator's settings from etc/examples) and Trino as a
 * coordinator and one worker ({@code --workers 1}, the coordinator scheduling nothing on itself): every inherited test
 * runs on the cluster, among them lineage (the event listener is on the coordinator only) and the mesh's policies.
 */
class MeshUpOnS3IT
        extends AbstractMeshUpIT
{
    private TestingS3Server s3;

    @BeforeAll
    @Override
    // as ./mesh up in AbstractMeshUpIT, after s3proxy's start (seconds)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void up()
            throws Exception
    {
        s3 = new TestingS3Server("lake");
        super.up();
    }

    @AfterAll
    @Override
    void down()
            throws Exception
    {
        try {
            super.down();
        }
        finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    @Override
    protected int workers()
    {
        return 1;
    }

    @Override
    protected Map<String, String> environment()
    {
        return Map.of(
                "MESH_LAKE_S3_ENDPOINT", s3.endpoint().toString(),
                "MESH_LAKE_S3_BUCKET", "lake",
                "MESH_LAKE_S3_ACCESS_KEY", TestingS3Server.ACCESS_KEY,
                "MESH_LAKE_S3_SECRET_KEY", TestingS3Server.SECRET_KEY);
    }

    @Test
    void lakeFilesAreOnS3()
            throws Exception
    {
        try (Connection connection = connect("admin");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT \"$path\" FROM lake.sales_orders.orders LIMIT 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).startsWith("s3://lake/warehouse/sales_orders/orders");
        }
    }

    @Test
    void splitsRunOnTheWorkerWithTheMeshPoliciesApplied()
            throws Exception
    {
        try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
            assertThat(strings(statement.executeQuery("SELECT node_id || ' ' || CAST(coordinator AS varchar) || ' ' || state FROM system.runtime.nodes ORDER BY node_id")))
                    .containsExactly("mesh-coordinator true active", "mesh-worker-1 false active");
        }
        // alice's row filter (her segment) and column masks are planned on the coordinator and run on the worker
        String queryId;
        int rowCount = 0;
        try (Connection connection = connect("alice");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT mktsegment, name, CAST(acctbal AS varchar) FROM mesh.customer_profiles.customers")) {
            queryId = rows.unwrap(TrinoResultSet.class).getQueryId();
            while (rows.next()) {
                assertThat(rows.getString(1)).isEqualTo("BUILDING");
                assertThat(rows.getString(2)).matches("[0-9A-F]{64}");
                assertThat(rows.getString(3)).isNull();
                rowCount++;
            }
        }
        assertThat(rowCount).isPositive();
        try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
            // every task of alice's query ran on the worker, and its splits with them
            assertThat(strings(statement.executeQuery("SELECT DISTINCT node_id FROM system.runtime.tasks WHERE query_id = '%s'".formatted(queryId))))
                    .containsExactly("mesh-worker-1");
            assertThat(Long.parseLong(strings(statement.executeQuery("SELECT CAST(sum(completed_splits) AS varchar) FROM system.runtime.tasks WHERE query_id = '%s'".formatted(queryId))).getFirst()))
                    .isPositive();
        }
        assertThat(mesh(Duration.ofMinutes(1), "status").output())
                .containsPattern("trino +running +pid .* \\(coordinator;")
                .containsPattern("trino-worker-1 +running +pid .* \\(worker\\)");
    }
}
