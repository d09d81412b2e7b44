package dev.trinomesh.server;

import dev.trinomesh.testing.TestingS3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** ./mesh up with the lake on S3: s3proxy as the endpoint, the operator's settings from etc/examples. */
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
}
