package dev.trinomesh.catalog.lake;

import dev.trinomesh.catalog.lake.gate.ContractGate;
import dev.trinomesh.catalog.lake.gate.ContractViolationException;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A lake table's operations: Iceberg's metastore table operations over the JDBC catalog's
 * {@code iceberg_tables} row, with three additions. The contract gate runs before a commit writes
 * anything; parsed metadata comes from the {@link MetadataCache}; accepted and refused commits go to
 * the {@link CommitLog}. The pointer swap is a compare-and-set on the metadata location, so of two
 * concurrent commits from one base exactly one wins and the other gets a retryable conflict.
 */
final class LakeTableOperations
        extends BaseMetastoreTableOperations
{
    private static final String TABLE_TYPE = "TABLE";

    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final FileIO io;
    private final String catalogName;
    private final TableIdentifier table;
    private final MetadataCache metadataCache;
    private final ContractGate gate;
    private final CommitLog commitLog;

    LakeTableOperations(Jdbi jdbi, DataSource dataSource, FileIO io, String catalogName, TableIdentifier table, MetadataCache metadataCache, ContractGate gate, CommitLog commitLog)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.io = requireNonNull(io, "io is null");
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.table = requireNonNull(table, "table is null");
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
        refreshFromMetadataLocation(location.get(), null, 20, path -> metadataCache.read(io, path));
    }

    @Override
    protected void doCommit(TableMetadata base, TableMetadata metadata)
    {
        try {
            gate.check(table, base, metadata, io);
        }
        catch (ContractViolationException e) {
            commitLog.refused(table, e.getMessage());
            throw e;
        }
        String newLocation = writeNewMetadataIfRequired(base == null, metadata);
        if (base == null) {
            insert(newLocation);
        }
        else {
            swap(base.metadataFileLocation(), newLocation);
        }
        metadataCache.written(newLocation, TableMetadata.buildFrom(metadata).discardChanges().withMetadataLocation(newLocation).build());
        commitLog.accepted(table, base, metadata);
    }

    // Plain JDBC: this lookup is on the path of every table load and commit, and Jdbi's per-handle setup cost as much as the query.
    private Optional<String> metadataLocation()
    {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT metadata_location FROM iceberg_tables
                        WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)""")) {
            statement.setString(1, catalogName);
            statement.setString(2, table.namespace().toString());
            statement.setString(3, table.name());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
        catch (SQLException e) {
            throw new UncheckedSQLException(e, "cannot read the metadata location of %s", table);
        }
    }

    private void insert(String location)
    {
        // Tables and views share the names of iceberg_tables.
        boolean viewExists = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT count(*) FROM iceberg_tables
                        WHERE catalog_name = :catalog AND table_namespace = :namespace AND table_name = :table AND iceberg_type = 'VIEW'""")
                .bind("catalog", catalogName)
                .bind("namespace", table.namespace().toString())
                .bind("table", table.name())
                .mapTo(Integer.class)
                .one() > 0);
        if (viewExists) {
            throw new AlreadyExistsException("View with same name already exists: %s", table);
        }
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                            INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type)
                            VALUES (:catalog, :namespace, :table, :location, NULL, :type)""")
                    .bind("catalog", catalogName)
                    .bind("namespace", table.namespace().toString())
                    .bind("table", table.name())
                    .bind("location", location)
                    .bind("type", TABLE_TYPE)
                    .execute());
        }
        catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                throw new AlreadyExistsException("Table already exists: %s", table);
            }
            throw e;
        }
    }

    private void swap(String expected, String location)
    {
        int updated = jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE iceberg_tables SET metadata_location = :location, previous_metadata_location = :expected
                        WHERE catalog_name = :catalog AND table_namespace = :namespace AND table_name = :table AND metadata_location = :expected""")
                .bind("catalog", catalogName)
                .bind("namespace", table.namespace().toString())
                .bind("table", table.name())
                .bind("location", location)
                .bind("expected", expected)
                .execute());
        if (updated != 1) {
            throw new CommitFailedException("Cannot commit %s: it changed since %s was read; refresh and retry", table, expected);
        }
    }

    private static boolean isUniqueViolation(UnableToExecuteStatementException e)
    {
        return e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
    }
}
