package dev.trinomesh.catalog.lake;

import org.apache.iceberg.jdbc.JdbcClientPool;
import org.apache.iceberg.jdbc.UncheckedSQLException;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Lets Iceberg's JdbcCatalog borrow connections from the service's pool instead of opening its own. */
final class DataSourceClientPool
        extends JdbcClientPool
{
    private final DataSource dataSource;

    DataSourceClientPool(DataSource dataSource, int size)
    {
        super(size, "jdbc:service-pool", Map.of());
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
    }

    @Override
    protected Connection newClient()
    {
        try {
            return dataSource.getConnection();
        }
        catch (SQLException e) {
            throw new UncheckedSQLException(e, "cannot get a connection from the service's pool");
        }
    }
}
