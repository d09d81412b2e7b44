package dev.trinomesh.catalog.pipelines;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.pipelines.api.PipelineRuns;
import dev.trinomesh.catalog.pipelines.http.PipelineRunsResource;
import dev.trinomesh.catalog.pipelines.run.RunExecution;
import dev.trinomesh.catalog.pipelines.run.RunQueue;
import dev.trinomesh.catalog.pipelines.run.RunStore;
import dev.trinomesh.catalog.pipelines.run.VisibleRuns;
import dev.trinomesh.catalog.pipelines.schedule.PipelineScheduler;
import dev.trinomesh.catalog.quality.api.StagedChecks;

import static com.google.inject.multibindings.OptionalBinder.newOptionalBinder;
import static dev.trinomesh.catalog.core.database.SchemaMigrations.bindMigrations;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;

/** Pipelines: runs of products' pipelines through Trino, staged, audited and published; their triggers and history. */
public class PipelinesModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(PipelinesConfig.class);
        bindMigrations(binder, "pipelines", 0);
        binder.bind(RunStore.class).in(Scopes.SINGLETON);
        binder.bind(RunQueue.class).in(Scopes.SINGLETON);
        binder.bind(RunExecution.class).in(Scopes.SINGLETON);
        // The portal shows runs beside products; pipelines may not be deployed, so it asks for an optional one.
        newOptionalBinder(binder, PipelineRuns.class).setBinding().to(VisibleRuns.class).in(Scopes.SINGLETON);
        newOptionalBinder(binder, StagedChecks.class);
        binder.bind(PipelineScheduler.class).asEagerSingleton();
        jaxrsBinder(binder).bind(PipelineRunsResource.class);
    }
}
