package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.trino.TrinoConnections;
import jakarta.inject.Inject;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Connections the checks run on: the service's own Trino connections, acting for the quality identity
 * ({@code quality.trino-user}), which reads checked sources unfiltered. Checks read datasets' sources, never the
 * mesh's views, so a dataset whose circuit breaker is open can still be measured (and closed again once it passes).
 */
public class CheckConnections
{
    private final TrinoConnections trino;
    private final String user;

    @Inject
    public CheckConnections(TrinoConnections trino, QualityConfig config)
    {
        this.trino = requireNonNull(trino, "trino is null");
        this.user = requireNonNull(config.getTrinoUser(), "user is null");
    }

    public boolean configured()
    {
        return trino.uri().isPresent();
    }

    public URI uri()
    {
        return trino.uri().orElseThrow(() -> ServiceException.unavailable(
                "quality checks are not configured on this catalog service: set trino.uri to the Trino coordinator they run on, with trino.user and trino.password of the service's principal there"));
    }

    public Connection open()
            throws SQLException
    {
        uri();
        return trino.open(user, Door.QUALITY);
    }

    /** Fails with a message naming Trino's address when it cannot answer a trivial query as the checks' identity. */
    public void probe()
    {
        try (Connection connection = open()) {
            firstRow(connection, "SELECT 1", 30);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Trino at %s did not answer %s acting for %s: %s".formatted(uri(), trino.principal(), user, e.getMessage()), e);
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
}
