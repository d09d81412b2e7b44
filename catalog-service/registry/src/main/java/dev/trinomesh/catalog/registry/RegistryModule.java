package dev.trinomesh.catalog.registry;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.registry.access.AccessRequestStore;
import dev.trinomesh.catalog.registry.access.RegistryAccessRequests;
import dev.trinomesh.catalog.registry.api.AccessRequests;
import dev.trinomesh.catalog.registry.api.Governance;
import dev.trinomesh.catalog.registry.api.PipelineDefinitions;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import dev.trinomesh.catalog.registry.api.ProductHistory;
import dev.trinomesh.catalog.registry.api.ServedHealth;
import dev.trinomesh.catalog.registry.api.ServedReleases;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.registry.governance.PolicyRegistry;
import dev.trinomesh.catalog.registry.governance.RegistryGovernance;
import dev.trinomesh.catalog.registry.http.AccessRequestsResource;
import dev.trinomesh.catalog.registry.http.CatalogSnapshotResource;
import dev.trinomesh.catalog.registry.http.DomainsResource;
import dev.trinomesh.catalog.registry.http.GovernanceSnapshotResource;
import dev.trinomesh.catalog.registry.http.GovernanceSnapshotStats;
import dev.trinomesh.catalog.registry.http.PipelinesResource;
import dev.trinomesh.catalog.registry.http.PoliciesResource;
import dev.trinomesh.catalog.registry.http.ProductAccessRequestsResource;
import dev.trinomesh.catalog.registry.http.ProductsResource;
import dev.trinomesh.catalog.registry.http.SchemaResource;
import dev.trinomesh.catalog.registry.http.UserAttributesResource;
import dev.trinomesh.catalog.registry.pipeline.PipelineRegistry;
import dev.trinomesh.catalog.registry.visibility.RegistryVisibility;

import static com.google.inject.multibindings.OptionalBinder.newOptionalBinder;
import static dev.trinomesh.catalog.core.database.SchemaMigrations.bindMigrations;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;
import static org.weakref.jmx.guice.ExportBinder.newExporter;

/**
 * The registry: products, domains, policies, user attributes and pipelines, and the catalog and governance snapshots
 * the Trino plugins follow. Releases and health join the snapshots when their areas provide them.
 */
public class RegistryModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        // V1 registry, V2 lake namespaces, V3 governance: a database of the single-history layout has all three (V4, access requests, and V5, pipelines, came later).
        bindMigrations(binder, "registry", 3);
        binder.bind(ProductRegistry.class).in(Scopes.SINGLETON);
        binder.bind(ProductCatalog.class).to(ProductRegistry.class);
        binder.bind(ProductHistory.class).to(ProductRegistry.class);
        binder.bind(PolicyRegistry.class).in(Scopes.SINGLETON);
        binder.bind(PipelineRegistry.class).in(Scopes.SINGLETON);
        binder.bind(PipelineDefinitions.class).to(PipelineRegistry.class);
        binder.bind(Governance.class).to(RegistryGovernance.class).in(Scopes.SINGLETON);
        binder.bind(Visibility.class).to(RegistryVisibility.class).in(Scopes.SINGLETON);
        binder.bind(AccessRequestStore.class).in(Scopes.SINGLETON);
        binder.bind(AccessRequests.class).to(RegistryAccessRequests.class).in(Scopes.SINGLETON);
        newOptionalBinder(binder, ServedReleases.class).setDefault().toInstance(ServedReleases.NONE);
        newOptionalBinder(binder, ServedHealth.class).setDefault().toInstance(ServedHealth.NONE);

        jaxrsBinder(binder).bind(ProductsResource.class);
        jaxrsBinder(binder).bind(DomainsResource.class);
        jaxrsBinder(binder).bind(CatalogSnapshotResource.class);
        jaxrsBinder(binder).bind(SchemaResource.class);
        jaxrsBinder(binder).bind(PoliciesResource.class);
        jaxrsBinder(binder).bind(PipelinesResource.class);
        jaxrsBinder(binder).bind(UserAttributesResource.class);
        jaxrsBinder(binder).bind(GovernanceSnapshotResource.class);
        binder.bind(GovernanceSnapshotStats.class).in(Scopes.SINGLETON);
        newExporter(binder).export(GovernanceSnapshotStats.class).withGeneratedName();
        jaxrsBinder(binder).bind(ProductAccessRequestsResource.class);
        jaxrsBinder(binder).bind(AccessRequestsResource.class);
    }
}
