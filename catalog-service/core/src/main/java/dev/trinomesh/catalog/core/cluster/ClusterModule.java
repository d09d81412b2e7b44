package dev.trinomesh.catalog.core.cluster;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;

import static dev.trinomesh.catalog.core.database.SchemaMigrations.bindMigrations;
import static io.airlift.configuration.ConfigBinder.configBinder;

/** Replicas of the service on one database: their heartbeats and the leases of work done by one at a time. */
public class ClusterModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(ClusterConfig.class);
        bindMigrations(binder, "core", 0);
        binder.bind(Replicas.class).in(Scopes.SINGLETON);
        binder.bind(Leases.class).in(Scopes.SINGLETON);
        binder.bind(Heartbeat.class).asEagerSingleton();
    }
}
