package dev.trinomesh.catalog.data.openapi;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.data.http.OpenApiIndexResource;
import dev.trinomesh.catalog.data.http.OpenApiResource;

import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;

/** The data API's OpenAPI documents: one per product, and their index. */
public class OpenApiModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        binder.bind(OpenApiGenerator.class).in(Scopes.SINGLETON);
        binder.bind(OpenApiDocuments.class).in(Scopes.SINGLETON);
        jaxrsBinder(binder).bind(OpenApiResource.class);
        jaxrsBinder(binder).bind(OpenApiIndexResource.class);
    }
}
