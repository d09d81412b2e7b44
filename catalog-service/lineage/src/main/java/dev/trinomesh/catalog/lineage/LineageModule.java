package dev.trinomesh.catalog.lineage;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.lineage.api.LineageReads;
import dev.trinomesh.catalog.lineage.api.ProductReaders;
import dev.trinomesh.catalog.lineage.http.LineageResource;
import dev.trinomesh.catalog.lineage.http.OpenLineageResource;

import static com.google.inject.multibindings.OptionalBinder.newOptionalBinder;
import static dev.trinomesh.catalog.core.database.SchemaMigrations.bindMigrations;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;
import static org.weakref.jmx.guice.ExportBinder.newExporter;

/** The lineage store: ingestion of OpenLineage events, and the graph, usage and audit read from them. */
public class LineageModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(LineageConfig.class);
        bindMigrations(binder, "lineage", 1);
        binder.bind(RunEventReader.class).in(Scopes.SINGLETON);
        binder.bind(WriterLock.class).in(Scopes.SINGLETON);
        binder.bind(LineageIngestion.class).in(Scopes.SINGLETON);
        binder.bind(LineageStats.class).in(Scopes.SINGLETON);
        newExporter(binder).export(LineageStats.class).withGeneratedName();
        binder.bind(LineageRollup.class).in(Scopes.SINGLETON);
        binder.bind(RegistryFollower.class).in(Scopes.SINGLETON);
        binder.bind(LineageGraphs.class).in(Scopes.SINGLETON);
        binder.bind(LineageHistory.class).in(Scopes.SINGLETON);
        // Lineage may not be deployed: the portal asks for an optional LineageReads.
        newOptionalBinder(binder, LineageReads.class).setBinding().to(StoredLineage.class).in(Scopes.SINGLETON);
        binder.bind(LineageAccess.class).in(Scopes.SINGLETON);
        // Search declares the default (nobody read anything), for deployments without the lineage store.
        binder.bind(UsageReaders.class).in(Scopes.SINGLETON);
        newOptionalBinder(binder, ProductReaders.class).setBinding().to(UsageReaders.class);
        jaxrsBinder(binder).bind(LineageResource.class);
        jaxrsBinder(binder).bind(OpenLineageResource.class);
    }
}
