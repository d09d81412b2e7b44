package dev.trinomesh.catalog.lake;

import dev.trinomesh.catalog.lake.gate.ContractGate;
import dev.trinomesh.catalog.lake.gate.ContractViolationException;
import dev.trinomesh.catalog.lake.storage.Warehouse;
import io.airlift.log.Logger;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.UncheckedSQLException;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A lake table's operations: Iceberg's metastore table operations over the JDBC catalog's
 * {@code iceberg_tables} row, with these additions. The table's location must stay under its
 * namespace's place in the warehouse. The contract gate runs before a commit writes anything. Parsed
 * metadata comes from the {@link MetadataCache}. Accepted and refused commits go to the
 * {@link CommitLog}. The pointer swap is a compare-and-set on the metadata location, so of two
 * concurrent commits from one base exactly one wins and the other gets a retryable conflict.
 */
final class LakeTableOperations
        extends BaseMetastoreTableOperations
{
    private static final Logger log = Logger.get(LakeTableOperations.class);
    private static final String TABLE = "TABLE";
    private static final String VIEW = "VIEW";

    private final DataSource dataSource;
    private final FileIO io;
    private final String catalogName;
    private final TableIdentifier table;
    private final String locationPrefix;
    private final MetadataCache metadataCache;
    private final ContractGate gate;
    private final CommitLog commitLog;

    LakeTableOperations(DataSource dataSource, FileIO io, String catalogName, TableIdentifier table, String locationPrefix, MetadataCache metadataCache, ContractGate gate, CommitLog commitLog)
    {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.io = requireNonNull(io, "io is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.table = requireNonNull(table, "table is null");
        this.locationPrefix = requireNonNull(locationPrefix, "locationPrefix is null");
        this.metadataCache = requireNonNull(metadataCache, "metadataCache is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.commitLog = requireNonNull(commitLog, "commitLog is null");
    }

    @Override
    protected String tableName()
    {
        return catalogName + "." + table;
    }

    @Override
    public FileIO io()
    {
        return io;
    }

    TableIdentifier identifier()
    {
        return table;
    }

    @Override
    protected void doRefresh()
    {
        Optional<String> location = metadataLocation();
        if (location.isEmpty()) {
            if (currentMetadataLocation() != null) {
                throw new NoSuchTableException("Table %s was dropped", table);
            }
            disableRefresh();
            return;
        }
        refreshFromMetadataLocation(location.orElseThrow(), null, 20, path -> metadataCache.read(io, path));
    }

    @Override
    protected void doCommit(TableMetadata base, TableMetadata metadata)
    {
        check(base, metadata);
        String location = writeMetadata(base, metadata);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (base == null) {
                    insert(connection, location);
                }
                else {
                    swap(connection, base.metadataFileLocation(), location);
                }
                recordAccepted(connection, base, metadata);
            }
            catch (SQLException | RuntimeException e) {
                connection.rollback();
                // Certainly not committed: the metadata file just written is nobody's.
                discard(location);
                if (e instanceof SQLException failure) {
                    // A clean refusal (409): the client refreshes and tries again, as after a concurrent commit.
                    throw new CommitFailedException(failure, "Cannot commit %s: the catalog database failed (%s); nothing was committed, try again", table, failure.getMessage());
                }
                throw e;
            }
            // A failure of the commit itself leaves the outcome unknown (a 500): the file then stays.
            connection.commit();
        }
        catch (SQLException e) {
            throw new UncheckedSQLException(e, "catalog database failure committing %s", table);
        }
        committed(metadata, location);
    }

    /** Everything that can refuse a commit, before anything is written. */
    void check(TableMetadata base, TableMetadata metadata)
    {
        if (!Warehouse.isUnder(metadata.location(), locationPrefix)) {
            throw new BadRequestException("Table %s must be located under %s, not at %s: locations are chosen by the catalog", table, locationPrefix, metadata.location());
        }
        try {
            gate.check(table, base, metadata, io);
        }
        catch (ContractViolationException e) {
            commitLog.refused(table, e.getMessage());
            throw e;
        }
        catch (RuntimeException e) {
            // Nothing is written yet: a refusal (the REST resource makes it a 409 for commits), not a 500 of unknown outcome.
            throw new ServiceUnavailableException(e, "Cannot check commit to %s against its contracts: %s", table, e.getMessage());
        }
    }

    /**
     * Writes the commit's metadata file. A storage failure here leaves the table as it was (nothing points at the file,
     * if it was written at all), so it is a refusal saying so, never a failure of unknown outcome.
     */
    String writeMetadata(TableMetadata base, TableMetadata metadata)
    {
        try {
            return writeNewMetadataIfRequired(base == null, metadata);
        }
        catch (RuntimeException e) {
            log.warn(e, "could not write the metadata file of a commit to %s", table);
            throw new ServiceUnavailableException(e, "Cannot commit %s: the lake's storage failed writing its metadata file (%s); nothing was committed, try again",
                    table, e.getMessage());
        }
    }

    /** Records the commit in the log, in the transaction that makes it. */
    void recordAccepted(Connection connection, TableMetadata base, TableMetadata metadata)
            throws SQLException
    {
        commitLog.accepted(connection, table, base, metadata);
    }

    /** After the commit: its metadata is served from memory from now on. */
    void committed(TableMetadata metadata, String location)
    {
        commitLog.made();
        metadataCache.written(location, TableMetadata.buildFrom(metadata).discardChanges().withMetadataLocation(location).build());
    }

    /** Deletes a metadata file this service wrote for a commit that certainly failed; best effort. */
    void discard(String location)
    {
        try {
            io.deleteFile(location);
        }
        catch (RuntimeException e) {
            log.warn(e, "could not delete metadata file %s of a failed commit to %s", location, table);
        }
    }

    private Optional<String> metadataLocation()
    {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT metadata_location FROM iceberg_tables
                    WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND (iceberg_type = ? OR iceberg_type IS NULL)""")) {
                bindName(statement);
                statement.setString(4, TABLE);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Creates the table's row pointing at {@code location}, on the caller's connection (and transaction). */
    void insert(Connection connection, String location)
            throws SQLException
    {
        // Tables and views share the names of iceberg_tables.
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT count(*) FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND iceberg_type = ?""")) {
            bindName(statement);
            statement.setString(4, VIEW);
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next() && rows.getLong(1) > 0) {
                    throw new AlreadyExistsException("View with same name already exists: %s", table);
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type)
                VALUES (?, ?, ?, ?, NULL, ?)""")) {
            bindName(statement);
            statement.setString(4, location);
            statement.setString(5, TABLE);
            statement.executeUpdate();
        }
        catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new AlreadyExistsException("Table already exists: %s", table);
            }
            throw e;
        }
    }

    /** Moves the table's pointer from {@code expected} to {@code location}, on the caller's connection (and transaction). */
    void swap(Connection connection, String expected, String location)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ?
                WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = ?""")) {
            statement.setString(1, location);
            statement.setString(2, expected);
            statement.setString(3, catalogName);
            statement.setString(4, table.namespace().toString());
            statement.setString(5, table.name());
            statement.setString(6, expected);
            if (statement.executeUpdate() != 1) {
                throw new CommitFailedException("Cannot commit %s: it changed since %s was read; refresh and retry", table, expected);
            }
        }
    }

    private void bindName(PreparedStatement statement)
            throws SQLException
    {
        statement.setString(1, catalogName);
        statement.setString(2, table.namespace().toString());
        statement.setString(3, table.name());
    }

    interface SqlAction<T>
    {
        T run(Connection connection)
                throws SQLException;
    }

    interface SqlStatements
    {
        void run(Connection connection)
                throws SQLException;
    }

    private <T> T withConnection(SqlAction<T> action)
    {
        try (Connection connection = dataSource.getConnection()) {
            return action.run(connection);
        }
        catch (SQLException e) {
            throw new UncheckedSQLException(e, "catalog database failure on %s", table);
        }
    }

    private void withConnection(SqlStatements statements)
    {
        withConnection(connection -> {
            statements.run(connection);
            return null;
        });
    }
}
