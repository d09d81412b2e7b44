package dev.trinomesh.catalog.data;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.data.cursor.CursorCodec;
import dev.trinomesh.catalog.data.format.ArrowMemory;
import dev.trinomesh.catalog.data.http.DataResource;
import dev.trinomesh.catalog.data.http.MetricsResource;
import dev.trinomesh.catalog.data.mcp.DatasetLineageTool;
import dev.trinomesh.catalog.data.mcp.DescribeTool;
import dev.trinomesh.catalog.data.mcp.McpResource;
import dev.trinomesh.catalog.data.mcp.MeshMcpServer;
import dev.trinomesh.catalog.data.mcp.ProtectedResourceMetadataResource;
import dev.trinomesh.catalog.data.mcp.QueryMetricTool;
import dev.trinomesh.catalog.data.mcp.ReadDatasetTool;
import dev.trinomesh.catalog.data.mcp.SearchProductsTool;
import dev.trinomesh.catalog.data.metrics.MetricReads;
import dev.trinomesh.catalog.data.openapi.OpenApiModule;
import dev.trinomesh.catalog.data.read.DataReads;
import dev.trinomesh.catalog.data.read.Limits;
import dev.trinomesh.catalog.data.read.MaskedColumns;
import dev.trinomesh.catalog.data.read.ServedTables;
import dev.trinomesh.catalog.data.read.TrinoQueries;
import dev.trinomesh.catalog.lineage.api.LineageReads;

import static com.google.inject.multibindings.OptionalBinder.newOptionalBinder;
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
        binder.bind(MaskedColumns.class).in(Scopes.SINGLETON);
        binder.bind(DataReads.class).in(Scopes.SINGLETON);
        binder.bind(MetricReads.class).in(Scopes.SINGLETON);
        binder.bind(ArrowMemory.class).in(Scopes.SINGLETON);
        jaxrsBinder(binder).bind(DataResource.class);
        jaxrsBinder(binder).bind(MetricsResource.class);
        binder.install(new OpenApiModule());

        // The MCP server at /mcp, its tools, and where its clients discover how to authenticate.
        // Lineage may not be deployed: dataset_lineage then says so.
        newOptionalBinder(binder, LineageReads.class);
        binder.bind(SearchProductsTool.class).in(Scopes.SINGLETON);
        binder.bind(DescribeTool.class).in(Scopes.SINGLETON);
        binder.bind(ReadDatasetTool.class).in(Scopes.SINGLETON);
        binder.bind(QueryMetricTool.class).in(Scopes.SINGLETON);
        binder.bind(DatasetLineageTool.class).in(Scopes.SINGLETON);
        binder.bind(MeshMcpServer.class).in(Scopes.SINGLETON);
        jaxrsBinder(binder).bind(McpResource.class);
        jaxrsBinder(binder).bind(ProtectedResourceMetadataResource.class);
    }
}
