package dev.trinomesh.catalog.data;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.data.cursor.CursorCodec;
import dev.trinomesh.catalog.data.format.ArrowMemory;
import dev.trinomesh.catalog.data.http.DataResource;
import dev.trinomesh.catalog.data.http.MetricsResource;
import dev.trinomesh.catalog.data.metrics.MetricReads;
import dev.trinomesh.catalog.data.openapi.OpenApiModule;
import dev.trinomesh.catalog.data.read.DataReads;
import dev.trinomesh.catalog.data.read.Limits;
import dev.trinomesh.catalog.data.read.ServedTables;
import dev.trinomesh.catalog.data.read.TrinoQueries;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;

/** The data API: rows and metrics over HTTP and MCP, every read run in Trino as the caller. */
public class DataModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(DataConfig.class);
        binder.bind(CursorCodec.class).in(Scopes.SINGLETON);
        binder.bind(Limits.class).in(Scopes.SINGLETON);
        binder.bind(ServedTables.class).in(Scopes.SINGLETON);
        binder.bind(TrinoQueries.class).in(Scopes.SINGLETON);
        binder.bind(DataReads.class).in(Scopes.SINGLETON);
        binder.bind(MetricReads.class).in(Scopes.SINGLETON);
        binder.bind(ArrowMemory.class).in(Scopes.SINGLETON);
        jaxrsBinder(binder).bind(DataResource.class);
        jaxrsBinder(binder).bind(MetricsResource.class);
        binder.install(new OpenApiModule());
    }
}
