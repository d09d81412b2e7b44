package dev.trinomesh.catalog.portal;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.lineage.api.LineageReads;
import dev.trinomesh.catalog.portal.http.AccessResource;
import dev.trinomesh.catalog.portal.http.DatasetResource;
import dev.trinomesh.catalog.portal.http.NotFoundResource;
import dev.trinomesh.catalog.portal.http.OverviewResource;
import dev.trinomesh.catalog.portal.http.PortalHeadersFilter;
import dev.trinomesh.catalog.portal.http.ProductPages;
import dev.trinomesh.catalog.portal.http.ProductResource;
import dev.trinomesh.catalog.portal.http.ProductUsage;
import dev.trinomesh.catalog.portal.http.QueriesResource;
import dev.trinomesh.catalog.portal.http.QuerySnippets;
import dev.trinomesh.catalog.portal.http.SearchPageResource;
import dev.trinomesh.catalog.portal.preview.PreviewRunner;
import dev.trinomesh.catalog.portal.session.LoginResource;
import dev.trinomesh.catalog.portal.session.LogoutResource;
import dev.trinomesh.catalog.portal.session.OidcResource;
import dev.trinomesh.catalog.portal.session.OidcSignIn;
import dev.trinomesh.catalog.portal.session.PortalSessionFilter;
import dev.trinomesh.catalog.portal.view.Templates;
import dev.trinomesh.catalog.quality.api.QualityHistory;
import jakarta.servlet.Filter;

import static com.google.inject.multibindings.Multibinder.newSetBinder;
import static com.google.inject.multibindings.OptionalBinder.newOptionalBinder;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.http.server.HttpServerBinder.httpServerBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;

/** The portal: pages for people, acting for the signed-in person through the other areas' api and through Trino. */
public class PortalModule
        implements Module
{
    /** The cytoscape webjar's files, served as they are (the version is the webjar's, in the root pom). */
    private static final String CYTOSCAPE = "META-INF/resources/webjars/cytoscape/3.33.1/dist";

    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(PortalConfig.class);
        // Lineage and quality may not be deployed: pages then go without a graph, usage or quality history.
        newOptionalBinder(binder, LineageReads.class);
        newOptionalBinder(binder, QualityHistory.class);
        binder.bind(Templates.class).in(Scopes.SINGLETON);
        binder.bind(ProductPages.class).in(Scopes.SINGLETON);
        binder.bind(ProductUsage.class).in(Scopes.SINGLETON);
        binder.bind(QuerySnippets.class).in(Scopes.SINGLETON);
        binder.bind(PreviewRunner.class).in(Scopes.SINGLETON);
        binder.bind(OidcSignIn.class).in(Scopes.SINGLETON);

        newSetBinder(binder, Filter.class).addBinding().to(PortalHeadersFilter.class).in(Scopes.SINGLETON);
        httpServerBinder(binder).bindResource("/portal/assets", "dev/trinomesh/catalog/portal/assets");
        httpServerBinder(binder).bindResource("/portal/vendor/cytoscape", CYTOSCAPE);

        jaxrsBinder(binder).bind(PortalSessionFilter.class);
        jaxrsBinder(binder).bind(LoginResource.class);
        jaxrsBinder(binder).bind(LogoutResource.class);
        jaxrsBinder(binder).bind(OidcResource.class);
        jaxrsBinder(binder).bind(OverviewResource.class);
        jaxrsBinder(binder).bind(SearchPageResource.class);
        jaxrsBinder(binder).bind(ProductResource.class);
        jaxrsBinder(binder).bind(DatasetResource.class);
        jaxrsBinder(binder).bind(AccessResource.class);
        jaxrsBinder(binder).bind(QueriesResource.class);
        jaxrsBinder(binder).bind(NotFoundResource.class);
    }
}
