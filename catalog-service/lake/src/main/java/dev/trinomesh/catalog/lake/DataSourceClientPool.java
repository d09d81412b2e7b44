package dev.trinomesh.catalog.lake;

import org.apache.iceberg.jdbc.JdbcClientPool;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Lets Iceberg's JdbcCatalog use the service's connection pool: every action borrows a connection
 * and gives it back at once, so no connection is held outside the pool's size, lifetime and checks.
 */
final class DataSourceClientPool
        extends JdbcClientPool
{
    private final DataSource dataSource;

    DataSourceClientPool(DataSource dataSource)
    {
        super(1, "jdbc:service-pool", Map.of());
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
    }

    @Override
    public <R> R run(Action<R, Connection, SQLException> action)
            throws SQLException
    {
        return run(action, false);
    }

    @Override
    public <R> R run(Action<R, Connection, SQLException> action, boolean retry)
            throws SQLException
    {
        try (Connection connection = dataSource.getConnection()) {
            return action.run(connection);
        }
    }

    @Override
    protected Connection newClient()
    {
        throw new UnsupportedOperationException("connections are borrowed from the service's pool per action");
    }
}
