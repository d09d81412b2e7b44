package dev.trinomesh.catalog.quality;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;

import static io.airlift.configuration.ConfigBinder.configBinder;

/** Data quality: checks run through Trino on demand, on a schedule and after lake commits; results and health. */
public class QualityModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(QualityConfig.class);
        binder.bind(TrinoConnections.class).in(Scopes.SINGLETON);
        binder.bind(QualityStore.class).in(Scopes.SINGLETON);
        binder.bind(DatasetChecker.class).in(Scopes.SINGLETON);
        binder.bind(QualityRuns.class).in(Scopes.SINGLETON);
        binder.bind(QualityTriggers.class).asEagerSingleton();
    }
}
