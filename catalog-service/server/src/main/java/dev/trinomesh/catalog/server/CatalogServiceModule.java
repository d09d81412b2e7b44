package dev.trinomesh.catalog.server;

import com.google.inject.Binder;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.core.ServiceConfig;
import dev.trinomesh.catalog.core.cluster.ClusterModule;
import dev.trinomesh.catalog.core.database.DatabaseModule;
import dev.trinomesh.catalog.core.http.HealthResource;
import dev.trinomesh.catalog.core.http.RequestStats;
import dev.trinomesh.catalog.core.http.RequestStatsFilter;
import dev.trinomesh.catalog.core.trino.TrinoModule;
import dev.trinomesh.catalog.data.DataModule;
import dev.trinomesh.catalog.identity.IdentityModule;
import dev.trinomesh.catalog.lake.LakeModule;
import dev.trinomesh.catalog.lineage.LineageConfig;
import dev.trinomesh.catalog.lineage.LineageModule;
import dev.trinomesh.catalog.pipelines.PipelinesModule;
import dev.trinomesh.catalog.portal.PortalModule;
import dev.trinomesh.catalog.quality.QualityConfig;
import dev.trinomesh.catalog.quality.QualityModule;
import dev.trinomesh.catalog.registry.RegistryModule;
import dev.trinomesh.catalog.releases.ReleasesModule;
import dev.trinomesh.catalog.search.SearchModule;
import io.airlift.configuration.AbstractConfigurationAwareModule;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.http.server.HttpServerBinder.httpServerBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;
import static org.weakref.jmx.guice.ExportBinder.newExporter;

/**
 * The areas this deployment serves, wired together; Airlift's modules (HTTP, JSON, JAX-RS) are added by
 * {@link CatalogService}. Quality and lineage may be left out ({@code quality.enabled}, {@code lineage.enabled}):
 * their routes then answer 503 NotDeployed, and their settings are still read, so a configuration stays valid.
 */
public class CatalogServiceModule
        extends AbstractConfigurationAwareModule
{
    @Override
    protected void setup(Binder binder)
    {
        // The Iceberg REST protocol puts %1F (between namespace levels) and %2F in path segments.
        httpServerBinder(binder).enableLegacyUriCompliance();
        jaxrsBinder(binder).bind(ApiExceptionMapper.class);
        jaxrsBinder(binder).bind(HealthResource.class);
        // Request latencies and answers by status class; Airlift's HTTP server exports only its connection and thread pool stats.
        binder.bind(RequestStats.class).in(Scopes.SINGLETON);
        newExporter(binder).export(RequestStats.class).withGeneratedName();
        jaxrsBinder(binder).bind(RequestStatsFilter.class);
        configBinder(binder).bindConfig(ServiceConfig.class);

        install(new DatabaseModule());
        // Before the areas: their migrations come after its, and their background work asks it who does what.
        install(new ClusterModule());
        // Every area that runs queries for people does so through the one Trino client, configured whatever is deployed.
        install(new TrinoModule());
        install(new IdentityModule());
        install(new RegistryModule());
        install(new LakeModule());
        install(new ReleasesModule());
        install(new SearchModule());
        install(new PortalModule());
        install(new DataModule());
        install(new PipelinesModule());

        DeploymentConfig deployment = buildConfigObject(DeploymentConfig.class);
        if (deployment.isQualityEnabled()) {
            install(new QualityModule());
        }
        else {
            configBinder(binder).bindConfig(QualityConfig.class);
            jaxrsBinder(binder).bind(NotDeployedResource.Quality.class);
        }
        if (deployment.isLineageEnabled()) {
            install(new LineageModule());
        }
        else {
            configBinder(binder).bindConfig(LineageConfig.class);
            jaxrsBinder(binder).bind(NotDeployedResource.Lineage.class);
        }
    }
}
