package dev.trinomesh.catalog.core.trino;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;

import static io.airlift.configuration.ConfigBinder.configBinder;

/** Connections to Trino as the service's principal, for every area that runs queries for people. */
public class TrinoModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(TrinoConfig.class);
        binder.bind(TrinoConnections.class).in(Scopes.SINGLETON);
    }
}
