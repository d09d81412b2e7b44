package dev.trinomesh.catalog.lake;

import dev.trinomesh.catalog.lake.api.LakeTables;
import dev.trinomesh.catalog.lake.gate.ContractGate;
import dev.trinomesh.catalog.lake.storage.Warehouse;
import jakarta.annotation.PreDestroy;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.iceberg.rest.requests.UpdateTableRequest;

import javax.sql.DataSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The lake's Iceberg catalog: Iceberg's own JdbcCatalog over the service database (its tables are
 * created by the service's migrations) for namespaces, views and listings, with tables operated by
 * {@link LakeTableOperations} (the contract gate on every commit, cached metadata), the gate on
 * dropping or renaming a bound table, and multi-table commits that are all or nothing.
 */
public class LakeCatalog
        extends org.apache.iceberg.jdbc.JdbcCatalog
        implements LakeTables
{
    public static final String NAME = "lake";

    private final FileIO io;
    private final DataSource dataSource;
    private final Warehouse warehouse;
    private final MetadataCache metadataCache;
    private final ContractGate gate;
    private final CommitLog commitLog;

    public LakeCatalog(LakeConfig config, FileIO io, DataSource dataSource, MetadataCache metadataCache, ContractGate gate, CommitLog commitLog)
    {
        super(_ -> io, _ -> new DataSourceClientPool(dataSource), false);
        this.io = requireNonNull(io, "io is null");
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.warehouse = new Warehouse(config);
        this.metadataCache = requireNonNull(metadataCache, "metadataCache is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.commitLog = requireNonNull(commitLog, "commitLog is null");
        initialize(NAME, Map.of(
                CatalogProperties.URI, "jdbc:service-pool",
                CatalogProperties.WAREHOUSE_LOCATION, warehouse.toString(),
                "jdbc.schema-version", "V1",
                "jdbc.init-catalog-tables", "false"));
    }

    @PreDestroy
    public void shutdown()
            throws IOException
    {
        close();
    }

    @Override
    protected TableOperations newTableOps(TableIdentifier table)
    {
        // Where the JDBC catalog puts a namespace's tables by default; a table may not be placed outside it.
        return new LakeTableOperations(dataSource, io, name(), table, warehouse.namespaceLocation(table.namespace()), metadataCache, gate, commitLog);
    }

    @Override
    public TableBuilder buildTable(TableIdentifier table, Schema schema)
    {
        requireNamespace(table);
        return super.buildTable(table, schema);
    }

    @Override
    public Table registerTable(TableIdentifier table, String metadataFileLocation)
    {
        requireNamespace(table);
        return super.registerTable(table, metadataFileLocation);
    }

    // The JDBC catalog would create a table in a namespace nobody created; namespaces are owned, so not here.
    private void requireNamespace(TableIdentifier table)
    {
        if (!namespaceExists(table.namespace())) {
            throw new NoSuchNamespaceException("Namespace does not exist: %s (create it first)", table.namespace());
        }
    }

    @Override
    public boolean dropTable(TableIdentifier table, boolean purge)
    {
        gate.checkTableRemoval(table, "drop");
        return super.dropTable(table, purge);
    }

    @Override
    public void renameTable(TableIdentifier from, TableIdentifier to)
    {
        gate.checkTableRemoval(from, "rename");
        if (gate.isBound(to)) {
            // Arriving under a contracted name is like being created there: the table must meet the contract.
            LakeTableOperations source = (LakeTableOperations) newTableOps(from);
            TableMetadata metadata = source.refresh();
            if (metadata == null) {
                throw new NoSuchTableException("Table does not exist: %s", from);
            }
            gate.check(to, null, metadata, io);
        }
        super.renameTable(from, to);
    }

    /**
     * Commits changes to several tables at once: every table's requirements and contracts are checked
     * and its new metadata written before one database transaction moves all their pointers. Either all
     * tables change or none does; a table changed by someone else meanwhile fails the whole commit
     * with a retryable conflict.
     */
    public void commitTransaction(List<UpdateTableRequest> changes)
    {
        Set<TableIdentifier> seen = new HashSet<>();
        List<PreparedCommit> commits = new ArrayList<>();
        for (UpdateTableRequest change : changes) {
            if (change.identifier() == null) {
                throw new BadRequestException("Every table change of a transaction must name its table");
            }
            if (!seen.add(change.identifier())) {
                throw new BadRequestException("Table %s is changed twice in one transaction; send its changes as one", change.identifier());
            }
            PreparedCommit commit = prepare(change);
            if (!commit.metadata().changes().isEmpty()) {
                commits.add(commit);
            }
        }
        commitPrepared(commits);
    }

    /**
     * Writes each prepared commit's metadata, then moves (or, for a table that did not exist, creates) every table's
     * pointer and records the commits in one database transaction: all tables change, or none does.
     */
    void commitPrepared(List<PreparedCommit> commits)
    {
        List<String> locations = new ArrayList<>();
        try {
            for (PreparedCommit commit : commits) {
                locations.add(commit.operations().writeMetadata(commit.base(), commit.metadata()));
            }
        }
        catch (RuntimeException e) {
            // Nothing was committed: the files written for the tables before the one that failed are nobody's.
            for (int i = 0; i < locations.size(); i++) {
                commits.get(i).operations().discard(locations.get(i));
            }
            throw e;
        }
        swapAll(commits, locations);
        for (int i = 0; i < commits.size(); i++) {
            PreparedCommit commit = commits.get(i);
            commit.operations().committed(commit.metadata(), locations.get(i));
        }
    }

    LakeTableOperations operations(TableIdentifier table)
    {
        return (LakeTableOperations) newTableOps(table);
    }

    FileIO io()
    {
        return io;
    }

    /** A checked change of one table, from {@code base} (null: the table does not exist yet) to {@code metadata}. */
    record PreparedCommit(LakeTableOperations operations, TableMetadata base, TableMetadata metadata) {}

    private PreparedCommit prepare(UpdateTableRequest change)
    {
        LakeTableOperations operations = (LakeTableOperations) newTableOps(change.identifier());
        TableMetadata base = operations.refresh();
        if (base == null) {
            throw new NoSuchTableException("Table does not exist: %s", change.identifier());
        }
        change.requirements().forEach(requirement -> requirement.validate(base));
        TableMetadata.Builder builder = TableMetadata.buildFrom(base);
        change.updates().forEach(update -> update.applyTo(builder));
        TableMetadata metadata = builder.build();
        operations.check(base, metadata);
        return new PreparedCommit(operations, base, metadata);
    }

    private void swapAll(List<PreparedCommit> commits, List<String> locations)
    {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (int i = 0; i < commits.size(); i++) {
                    PreparedCommit commit = commits.get(i);
                    if (commit.base() == null) {
                        commit.operations().insert(connection, locations.get(i));
                    }
                    else {
                        commit.operations().swap(connection, commit.base().metadataFileLocation(), locations.get(i));
                    }
                    commit.operations().recordAccepted(connection, commit.base(), commit.metadata());
                }
            }
            catch (SQLException | RuntimeException e) {
                connection.rollback();
                // Rolled back: no pointer moved, so the metadata files just written are nobody's.
                for (int i = 0; i < commits.size(); i++) {
                    commits.get(i).operations().discard(locations.get(i));
                }
                throw e;
            }
            // A failure to commit leaves the outcome unknown (a 500): the files then stay.
            connection.commit();
        }
        catch (SQLException e) {
            throw new UncheckedSQLException(e, "catalog database failure committing %s tables", commits.size());
        }
        catch (CommitFailedException e) {
            throw new CommitFailedException(e, "Transaction not committed, no table changed: %s", e.getMessage());
        }
    }
}
