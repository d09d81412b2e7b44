package dev.trinomesh.catalog.search;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.lineage.api.ProductReaders;
import dev.trinomesh.catalog.search.api.ProductSearch;
import dev.trinomesh.catalog.search.api.Recommendations;
import dev.trinomesh.catalog.search.http.SearchResource;

import static com.google.inject.multibindings.OptionalBinder.newOptionalBinder;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;

/** Search: an in-memory index of the registry, kept current with its revision. */
public class SearchModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(SearchConfig.class);
        binder.bind(SearchIndex.class).in(Scopes.SINGLETON);
        binder.bind(ProductSearch.class).to(IndexedProductSearch.class).in(Scopes.SINGLETON);
        binder.bind(ServicePrincipals.class).in(Scopes.SINGLETON);
        binder.bind(Recommendations.class).to(CoReadRecommendations.class).in(Scopes.SINGLETON);
        // Who read what comes from the lineage store, which may be left out (lineage.enabled=false): nobody read anything then.
        // The interface is lineage's (lineage.api), as the registry's ServedHealth is the registry's: the area that has the data says what it offers.
        newOptionalBinder(binder, ProductReaders.class).setDefault().toInstance(ProductReaders.NONE);
        jaxrsBinder(binder).bind(SearchResource.class);
    }
}
