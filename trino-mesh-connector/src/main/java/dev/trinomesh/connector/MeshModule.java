package dev.trinomesh.connector;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.connector.catalog.MeshCatalogCache;
import dev.trinomesh.connector.catalog.MeshCatalogCompiler;
import dev.trinomesh.connector.discovery.DiscoveryTables;

import static io.airlift.configuration.ConfigBinder.configBinder;

public class MeshModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(MeshConfig.class);
        binder.bind(MeshCatalogCompiler.class).in(Scopes.SINGLETON);
        binder.bind(MeshCatalogCache.class).in(Scopes.SINGLETON);
        binder.bind(MeshSessionProperties.class).in(Scopes.SINGLETON);
        binder.bind(CircuitBreaker.class).in(Scopes.SINGLETON);
        binder.bind(MeshMetadata.class).in(Scopes.SINGLETON);
        binder.bind(DiscoveryTables.class).in(Scopes.SINGLETON);
        binder.bind(MeshConnector.class).in(Scopes.SINGLETON);
    }
}
