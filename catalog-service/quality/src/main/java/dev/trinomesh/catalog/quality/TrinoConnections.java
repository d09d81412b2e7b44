package dev.trinomesh.catalog.quality;

import dev.trinomesh.catalog.core.ServiceException;
import io.trino.jdbc.TrinoDriver;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * JDBC connections to the Trino the checks run on, as the quality identity, in UTC (so timestamps without
 * a zone mean the same to every check). Checks read datasets' sources, never the mesh's views, so a dataset
 * whose circuit breaker is open can still be measured (and closed again once it passes).
 */
public class TrinoConnections
{
    private final QualityConfig config;
    private final TrinoDriver driver = new TrinoDriver();

    @Inject
    public TrinoConnections(QualityConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    public boolean configured()
    {
        return config.getTrinoUri().isPresent();
    }

    public URI uri()
    {
        return config.getTrinoUri().orElseThrow(() -> ServiceException.unavailable(
                "quality checks are not configured on this catalog service: set quality.trino-uri to the Trino coordinator they run on (and list quality.trino-user in the mesh access control's mesh.admins)"));
    }

    public Connection open()
            throws SQLException
    {
        URI uri = uri();
        Properties properties = new Properties();
        properties.setProperty("user", config.getTrinoUser());
        properties.setProperty("source", "mesh-quality");
        properties.setProperty("timezone", "UTC");
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            properties.setProperty("SSL", "true");
        }
        String url = "jdbc:trino://%s:%s".formatted(uri.getHost(), uri.getPort() == -1 ? ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80) : uri.getPort());
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("the Trino JDBC driver does not accept " + url);
        }
        return connection;
    }

    /** Fails with a message naming Trino's address when it cannot answer a trivial query. */
    public void probe()
    {
        try (Connection connection = open()) {
            firstRow(connection, "SELECT 1", 30);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Trino at %s did not answer: %s".formatted(uri(), e.getMessage()), e);
        }
    }

    /** The first row of a query's answer (empty when it has none), read to the end of the answer. */
    static List<Object> firstRow(Connection connection, String sql, int timeoutSeconds)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            try (ResultSet result = statement.executeQuery(sql)) {
                if (!result.next()) {
                    return List.of();
                }
                int columns = result.getMetaData().getColumnCount();
                List<Object> values = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    values.add(result.getObject(i));
                }
                // Past the row to the end: closing a query before its end cancels it, and Trino records it as failed (USER_CANCELED).
                result.next();
                return values;
            }
        }
    }

    @PreDestroy
    public void close()
            throws IOException
    {
        driver.close();
    }
}
