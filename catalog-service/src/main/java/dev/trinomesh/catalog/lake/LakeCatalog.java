package dev.trinomesh.catalog.lake;

import dev.trinomesh.catalog.lake.gate.ContractGate;
import jakarta.annotation.PreDestroy;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.io.FileIO;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;

import java.io.IOException;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The lake's Iceberg catalog: Iceberg's own JdbcCatalog over the service database (its tables are
 * created by the service's migrations) for namespaces, views and listings, with tables operated by
 * {@link LakeTableOperations} (the contract gate on every commit, cached metadata), and the gate on
 * dropping or renaming a bound table.
 */
public class LakeCatalog
        extends org.apache.iceberg.jdbc.JdbcCatalog
{
    public static final String NAME = "lake";

    private final FileIO io;
    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final MetadataCache metadataCache = new MetadataCache();
    private final ContractGate gate;
    private final CommitLog commitLog;

    public LakeCatalog(LakeConfig config, FileIO io, DataSource dataSource, Jdbi jdbi, ContractGate gate, CommitLog commitLog)
    {
        super(_ -> io, _ -> new DataSourceClientPool(dataSource, 4), false);
        this.io = requireNonNull(io, "io is null");
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.commitLog = requireNonNull(commitLog, "commitLog is null");
        initialize(NAME, Map.of(
                CatalogProperties.URI, "jdbc:service-pool",
                CatalogProperties.WAREHOUSE_LOCATION, config.getWarehouse(),
                "jdbc.schema-version", "V1",
                "jdbc.init-catalog-tables", "false"));
    }

    public MetadataCache metadataCache()
    {
        return metadataCache;
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
        return new LakeTableOperations(jdbi, dataSource, io, name(), table, metadataCache, gate, commitLog);
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
        super.renameTable(from, to);
    }
}
