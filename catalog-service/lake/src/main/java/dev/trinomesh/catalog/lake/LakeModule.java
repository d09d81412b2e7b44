package dev.trinomesh.catalog.lake;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import dev.trinomesh.catalog.lake.api.LakeActivity;
import dev.trinomesh.catalog.lake.api.LakeBindings;
import dev.trinomesh.catalog.lake.api.LakeCommits;
import dev.trinomesh.catalog.lake.api.LakeStaging;
import dev.trinomesh.catalog.lake.api.LakeTables;
import dev.trinomesh.catalog.lake.authorization.LakeAuthorization;
import dev.trinomesh.catalog.lake.gate.Bindings;
import dev.trinomesh.catalog.lake.gate.ContractGate;
import dev.trinomesh.catalog.lake.http.LakeResource;
import dev.trinomesh.catalog.lake.rest.IcebergRestResource;
import dev.trinomesh.catalog.lake.rest.S3SignResource;
import dev.trinomesh.catalog.lake.signing.RemoteSigning;
import dev.trinomesh.catalog.lake.storage.LakeStorage;
import dev.trinomesh.catalog.lake.storage.Warehouse;

import javax.sql.DataSource;

import static dev.trinomesh.catalog.core.database.SchemaMigrations.bindMigrations;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;
import static org.weakref.jmx.guice.ExportBinder.newExporter;

/** The lake: its Iceberg REST catalog (authorized per caller, S3 remote signing), the contract gate, the commit log and freshness. */
public class LakeModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(LakeConfig.class);
        bindMigrations(binder, "lake", 1);
        binder.bind(Bindings.class).in(Scopes.SINGLETON);
        binder.bind(LakeBindings.class).to(Bindings.class);
        binder.bind(ContractGate.class).in(Scopes.SINGLETON);
        binder.bind(CommitLog.class).in(Scopes.SINGLETON);
        binder.bind(LakeStats.class).in(Scopes.SINGLETON);
        newExporter(binder).export(LakeStats.class).withGeneratedName();
        binder.bind(LakeCommits.class).to(CommitLog.class);
        binder.bind(LakeActivity.class).to(VisibleLakeActivity.class).in(Scopes.SINGLETON);
        binder.bind(Freshness.class).in(Scopes.SINGLETON);
        binder.bind(MetadataCache.class).in(Scopes.SINGLETON);
        binder.bind(LakeTables.class).to(LakeCatalog.class);
        binder.bind(LakeStaging.class).to(StagedWrites.class).in(Scopes.SINGLETON);
        binder.bind(LakeAuthorization.class).in(Scopes.SINGLETON);
        binder.bind(RemoteSigning.class).in(Scopes.SINGLETON);
        jaxrsBinder(binder).bind(IcebergRestResource.class);
        jaxrsBinder(binder).bind(S3SignResource.class);
        jaxrsBinder(binder).bind(LakeResource.class);
    }

    @Provides
    @Singleton
    public static Warehouse createWarehouse(LakeConfig config)
    {
        return new Warehouse(config);
    }

    @Provides
    @Singleton
    @SuppressWarnings("CloseableProvides") // LakeCatalog closes itself with the service (@PreDestroy)
    public static LakeCatalog createCatalog(LakeConfig config, DataSource dataSource, MetadataCache metadataCache, ContractGate gate, CommitLog commitLog)
    {
        return new LakeCatalog(config, LakeStorage.fileIo(config), dataSource, metadataCache, gate, commitLog);
    }
}
