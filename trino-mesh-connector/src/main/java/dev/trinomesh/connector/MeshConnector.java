package dev.trinomesh.connector;

import dev.trinomesh.connector.catalog.DeprecationNotices;
import dev.trinomesh.connector.discovery.DiscoveryTables;
import io.airlift.bootstrap.LifeCycleManager;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.function.BoundSignature;
import io.trino.spi.function.FunctionDependencies;
import io.trino.spi.function.FunctionId;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.function.InvocationConvention;
import io.trino.spi.function.ScalarFunctionImplementation;
import io.trino.spi.session.PropertyMetadata;
import io.trino.spi.transaction.IsolationLevel;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

public class MeshConnector
        implements Connector
{
    private final LifeCycleManager lifeCycleManager;
    private final MeshMetadata metadata;
    private final DiscoveryTables discoveryTables;
    private final MeshSessionProperties sessionProperties;

    @Inject
    public MeshConnector(LifeCycleManager lifeCycleManager, MeshMetadata metadata, DiscoveryTables discoveryTables, MeshSessionProperties sessionProperties)
    {
        this.lifeCycleManager = requireNonNull(lifeCycleManager, "lifeCycleManager is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.discoveryTables = requireNonNull(discoveryTables, "discoveryTables is null");
        this.sessionProperties = requireNonNull(sessionProperties, "sessionProperties is null");
    }

    @Override
    public ConnectorTransactionHandle beginTransaction(IsolationLevel isolationLevel, boolean readOnly, boolean autoCommit)
    {
        return MeshTransactionHandle.INSTANCE;
    }

    @Override
    public ConnectorMetadata getMetadata(ConnectorSession session, ConnectorTransactionHandle transactionHandle)
    {
        return metadata;
    }

    @Override
    public Optional<FunctionProvider> getFunctionProvider()
    {
        return Optional.of(new FunctionProvider()
        {
            @Override
            public ScalarFunctionImplementation getScalarFunctionImplementation(FunctionId functionId, BoundSignature boundSignature, FunctionDependencies functionDependencies, InvocationConvention invocationConvention)
            {
                return DeprecationNotices.implementation();
            }
        });
    }

    @Override
    public Set<SystemTable> getSystemTables()
    {
        return discoveryTables.tables();
    }

    @Override
    public List<PropertyMetadata<?>> getSessionProperties()
    {
        return sessionProperties.getSessionProperties();
    }

    @Override
    public void shutdown()
    {
        lifeCycleManager.stop();
    }
}
