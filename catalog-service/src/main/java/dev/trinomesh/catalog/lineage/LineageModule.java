package dev.trinomesh.catalog.lineage;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;

import static io.airlift.configuration.ConfigBinder.configBinder;

/** The lineage store: ingestion of OpenLineage events, and the graph, usage and audit read from them. */
public class LineageModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(LineageConfig.class);
        binder.bind(RunEventReader.class).in(Scopes.SINGLETON);
        binder.bind(WriterLock.class).in(Scopes.SINGLETON);
        binder.bind(LineageIngestion.class).in(Scopes.SINGLETON);
        binder.bind(LineageRollup.class).in(Scopes.SINGLETON);
        binder.bind(RegistryFollower.class).in(Scopes.SINGLETON);
        binder.bind(LineageGraphs.class).in(Scopes.SINGLETON);
        binder.bind(LineageHistory.class).in(Scopes.SINGLETON);
        binder.bind(LineageAccess.class).in(Scopes.SINGLETON);
    }
}
