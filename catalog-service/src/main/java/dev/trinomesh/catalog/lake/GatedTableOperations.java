package dev.trinomesh.catalog.lake;

import dev.trinomesh.catalog.lake.gate.ContractGate;
import dev.trinomesh.catalog.lake.gate.ContractViolationException;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

import static java.util.Objects.requireNonNull;

/**
 * A table's operations with the contract gate in front of every commit: every way of changing a table
 * through the catalog (REST commit, create, create-or-replace transaction) ends in {@link #commit}.
 * Accepted and refused commits go to the commit log.
 */
final class GatedTableOperations
        implements TableOperations
{
    private final TableOperations delegate;
    private final TableIdentifier table;
    private final ContractGate gate;
    private final CommitLog commitLog;

    GatedTableOperations(TableOperations delegate, TableIdentifier table, ContractGate gate, CommitLog commitLog)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.table = requireNonNull(table, "table is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.commitLog = requireNonNull(commitLog, "commitLog is null");
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata)
    {
        try {
            gate.check(table, base, metadata, io());
        }
        catch (ContractViolationException e) {
            commitLog.refused(table, e.getMessage());
            throw e;
        }
        delegate.commit(base, metadata);
        commitLog.accepted(table, base, metadata);
    }

    @Override
    public TableMetadata current()
    {
        return delegate.current();
    }

    @Override
    public TableMetadata refresh()
    {
        return delegate.refresh();
    }

    @Override
    public FileIO io()
    {
        return delegate.io();
    }

    @Override
    public EncryptionManager encryption()
    {
        return delegate.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName)
    {
        return delegate.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider()
    {
        return delegate.locationProvider();
    }

    @Override
    public TableOperations temp(TableMetadata uncommittedMetadata)
    {
        return delegate.temp(uncommittedMetadata);
    }

    @Override
    public long newSnapshotId()
    {
        return delegate.newSnapshotId();
    }

    @Override
    public boolean requireStrictCleanup()
    {
        return delegate.requireStrictCleanup();
    }
}
