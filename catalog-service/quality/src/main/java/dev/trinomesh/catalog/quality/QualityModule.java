package dev.trinomesh.catalog.quality;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.quality.api.QualityHistory;
import dev.trinomesh.catalog.quality.api.StagedChecks;
import dev.trinomesh.catalog.quality.http.QualityResource;
import dev.trinomesh.catalog.registry.api.ServedHealth;

import static com.google.inject.multibindings.OptionalBinder.newOptionalBinder;
import static dev.trinomesh.catalog.core.database.SchemaMigrations.bindMigrations;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;
import static org.weakref.jmx.guice.ExportBinder.newExporter;

/** Data quality: checks run through Trino on demand, on a schedule and after lake commits; results and health. */
public class QualityModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(QualityConfig.class);
        binder.bind(CheckConnections.class).in(Scopes.SINGLETON);
        bindMigrations(binder, "quality", 1);
        binder.bind(QualityStore.class).in(Scopes.SINGLETON);
        newOptionalBinder(binder, ServedHealth.class).setBinding().to(QualityStore.class);
        // The portal reads results as a viewer may; quality may not be deployed, so it asks for an optional one.
        newOptionalBinder(binder, QualityHistory.class).setBinding().to(VisibleQualityHistory.class).in(Scopes.SINGLETON);
        binder.bind(DatasetChecker.class).in(Scopes.SINGLETON);
        binder.bind(QualityRuns.class).in(Scopes.SINGLETON);
        binder.bind(QualityStats.class).in(Scopes.SINGLETON);
        newExporter(binder).export(QualityStats.class).withGeneratedName();
        // Pipelines audit staged writes with it; quality may not be deployed, so they ask for an optional one.
        newOptionalBinder(binder, StagedChecks.class).setBinding().to(StagedAudit.class).in(Scopes.SINGLETON);
        binder.bind(QualityTriggers.class).asEagerSingleton();
        jaxrsBinder(binder).bind(QualityResource.class);
    }
}
