package dev.trinomesh.catalog.data.read;

import com.google.inject.Inject;
import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.catalog.core.trino.TrinoConnections;
import dev.trinomesh.catalog.core.trino.TrinoConnections.Lease;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static java.util.Objects.requireNonNull;

/**
 * Starts the data API's queries in Trino as the person, through a door of the service, within their concurrency
 * slot and under a timeout; Trino's refusals come back as the API answers them ({@link TrinoFailures}).
 */
public final class TrinoQueries
{
    private final TrinoConnections trino;
    private final Limits limits;

    @Inject
    public TrinoQueries(TrinoConnections trino, Limits limits)
    {
        this.trino = requireNonNull(trino, "trino is null");
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** Runs {@code sql} (about {@code table}, which refusals name) as {@code user}; the caller reads its rows and closes it. */
    public RunningQuery start(String user, Door door, String sql, int timeoutSeconds, String table)
    {
        Limits.Slot slot = limits.start(user);
        Lease lease = null;
        Statement statement = null;
        try {
            lease = trino.lease(user, door);
            statement = lease.connection().createStatement();
            statement.setQueryTimeout(timeoutSeconds);
            ResultSet results = statement.executeQuery(sql);
            return new RunningQuery(slot, lease, statement, results);
        }
        catch (SQLException e) {
            RunningQuery.close(slot, lease, statement, true);
            throw TrinoFailures.explain(e, table);
        }
        catch (RuntimeException e) {
            RunningQuery.close(slot, lease, statement, true);
            throw e;
        }
    }

    /** The refusal the API answers with for a failure of {@code table}'s query while its rows were read. */
    public static RuntimeException failure(SQLException e, String table)
    {
        return TrinoFailures.explain(e, table);
    }
}
