package dev.trinomesh.catalog;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.api.ApiExceptionMapper;
import dev.trinomesh.catalog.api.auth.ApiAuthenticationConfig;
import dev.trinomesh.catalog.api.auth.ApiAuthenticationFilter;
import dev.trinomesh.catalog.api.CatalogSnapshotResource;
import dev.trinomesh.catalog.api.DomainsResource;
import dev.trinomesh.catalog.api.GovernanceSnapshotResource;
import dev.trinomesh.catalog.api.LineageResource;
import dev.trinomesh.catalog.api.OpenLineageResource;
import dev.trinomesh.catalog.api.PoliciesResource;
import dev.trinomesh.catalog.api.ProductsResource;
import dev.trinomesh.catalog.api.QualityResource;
import dev.trinomesh.catalog.api.ReleasesResource;
import dev.trinomesh.catalog.api.SchemaResource;
import dev.trinomesh.catalog.api.UserAttributesResource;
import dev.trinomesh.catalog.database.DatabaseModule;
import dev.trinomesh.catalog.governance.GovernanceModule;
import dev.trinomesh.catalog.identity.Callers;
import dev.trinomesh.catalog.identity.IdentityConfig;
import dev.trinomesh.catalog.lake.LakeModule;
import dev.trinomesh.catalog.lineage.LineageModule;
import dev.trinomesh.catalog.quality.QualityModule;
import dev.trinomesh.catalog.registry.ProductRegistry;
import dev.trinomesh.catalog.release.ReleaseModule;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.http.server.HttpServerBinder.httpServerBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;

/** The catalog service's own bindings; Airlift's modules (HTTP, JSON, JAX-RS) are added by the launcher. */
public class CatalogServiceModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        // The Iceberg REST protocol puts %1F (between namespace levels) and %2F in path segments.
        httpServerBinder(binder).enableLegacyUriCompliance();
        binder.install(new DatabaseModule());
        binder.install(new LakeModule());
        binder.install(new GovernanceModule());
        binder.install(new LineageModule());
        binder.install(new QualityModule());
        binder.install(new ReleaseModule());
        configBinder(binder).bindConfig(IdentityConfig.class);
        binder.bind(Callers.class).in(Scopes.SINGLETON);
        binder.bind(ProductRegistry.class).in(Scopes.SINGLETON);

        jaxrsBinder(binder).bind(ProductsResource.class);
        jaxrsBinder(binder).bind(DomainsResource.class);
        jaxrsBinder(binder).bind(CatalogSnapshotResource.class);
        jaxrsBinder(binder).bind(SchemaResource.class);
        jaxrsBinder(binder).bind(PoliciesResource.class);
        jaxrsBinder(binder).bind(UserAttributesResource.class);
        jaxrsBinder(binder).bind(GovernanceSnapshotResource.class);
        jaxrsBinder(binder).bind(LineageResource.class);
        jaxrsBinder(binder).bind(OpenLineageResource.class);
        jaxrsBinder(binder).bind(QualityResource.class);
        jaxrsBinder(binder).bind(ReleasesResource.class);
        jaxrsBinder(binder).bind(ApiExceptionMapper.class);
        configBinder(binder).bindConfig(ApiAuthenticationConfig.class);
        jaxrsBinder(binder).bind(ApiAuthenticationFilter.class);
    }
}
