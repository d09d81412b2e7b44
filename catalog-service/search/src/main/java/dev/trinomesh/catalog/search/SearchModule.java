package dev.trinomesh.catalog.search;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.search.api.ProductSearch;
import dev.trinomesh.catalog.search.http.SearchResource;

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
        jaxrsBinder(binder).bind(SearchResource.class);
    }
}
