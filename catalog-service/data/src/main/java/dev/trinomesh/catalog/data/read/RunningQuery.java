package dev.trinomesh.catalog.data.read;

import dev.trinomesh.catalog.core.trino.TrinoConnections.Lease;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static java.util.Objects.requireNonNull;

/**
 * A query running in Trino for a person, with what it holds: their slot of concurrent reads and a leased connection.
 * Closing it ends the query (Trino cancels one whose rows are left unread) and gives both back; after a failure the
 * connection is not lent again.
 */
public final class RunningQuery
        implements AutoCloseable
{
    private final Limits.Slot slot;
    private final Lease lease;
    private final Statement statement;
    private final ResultSet results;
    private boolean failed;

    RunningQuery(Limits.Slot slot, Lease lease, Statement statement, ResultSet results)
    {
        this.slot = requireNonNull(slot, "slot is null");
        this.lease = requireNonNull(lease, "lease is null");
        this.statement = requireNonNull(statement, "statement is null");
        this.results = requireNonNull(results, "results is null");
    }

    public ResultSet results()
    {
        return results;
    }

    /** The query failed while its rows were read: its connection is closed rather than lent again. */
    public void failed()
    {
        failed = true;
    }

    @Override
    public void close()
    {
        close(slot, lease, statement, failed);
    }

    static void close(Limits.Slot slot, Lease lease, Statement statement, boolean failed)
    {
        try (slot) {
            if (statement != null) {
                statement.close();
            }
        }
        catch (SQLException _) {
            // The statement's query is cancelled or gone either way.
        }
        finally {
            if (lease != null) {
                if (failed) {
                    lease.discard();
                }
                try {
                    lease.close();
                }
                catch (SQLException _) {
                    // Closing a Trino JDBC connection only forgets it.
                }
            }
        }
    }
}
