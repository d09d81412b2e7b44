package dev.trinomesh.catalog.lake.rest;

import dev.trinomesh.catalog.lake.LakeCatalog;
import dev.trinomesh.catalog.lake.MetadataCache;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;

import java.util.List;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The lake's Iceberg REST catalog, at {@code /iceberg/v1/...} (clients use base URI {@code <service>/iceberg}).
 * Protocol only: Iceberg's {@link CatalogHandlers} do the catalog work on {@link LakeCatalog}, whose
 * table operations carry the contract gate.
 */
@Path("/iceberg/v1")
public class IcebergRestResource
{
    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.V1_LIST_NAMESPACES, Endpoint.V1_LOAD_NAMESPACE, Endpoint.V1_NAMESPACE_EXISTS, Endpoint.V1_CREATE_NAMESPACE,
            Endpoint.V1_UPDATE_NAMESPACE, Endpoint.V1_DELETE_NAMESPACE, Endpoint.V1_COMMIT_TRANSACTION,
            Endpoint.V1_LIST_TABLES, Endpoint.V1_LOAD_TABLE, Endpoint.V1_TABLE_EXISTS, Endpoint.V1_CREATE_TABLE, Endpoint.V1_UPDATE_TABLE,
            Endpoint.V1_DELETE_TABLE, Endpoint.V1_RENAME_TABLE, Endpoint.V1_REGISTER_TABLE, Endpoint.V1_REPORT_METRICS,
            Endpoint.V1_LIST_VIEWS, Endpoint.V1_LOAD_VIEW, Endpoint.V1_VIEW_EXISTS, Endpoint.V1_CREATE_VIEW, Endpoint.V1_UPDATE_VIEW,
            Endpoint.V1_DELETE_VIEW, Endpoint.V1_RENAME_VIEW);

    private final LakeCatalog catalog;
    private final MetadataCache metadataCache;

    @Inject
    public IcebergRestResource(LakeCatalog catalog, MetadataCache metadataCache)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.metadataCache = requireNonNull(metadataCache, "metadataCache is null");
    }

    @GET
    @Path("config")
    public Response config()
    {
        // Scan and commit reports would cost every query a request, and this service does not keep them.
        return ok(() -> ConfigResponse.builder()
                .withEndpoints(ENDPOINTS)
                .withOverride("rest-metrics-reporting-enabled", "false")
                .build());
    }

    @GET
    @Path("namespaces")
    public Response listNamespaces(@QueryParam("parent") String parent, @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize)
    {
        // Multi-level parents arrive joined by the unit separator, as the REST specification says.
        Namespace namespace = parent == null ? Namespace.empty() : Namespace.of(parent.split("\u001f"));
        return ok(() -> pageSize == null
                ? CatalogHandlers.listNamespaces(catalog, namespace)
                : CatalogHandlers.listNamespaces(catalog, namespace, pageToken, pageSize));
    }

    @POST
    @Path("namespaces")
    public Response createNamespace(String body)
    {
        return ok(() -> CatalogHandlers.createNamespace(catalog, IcebergJson.read(body, CreateNamespaceRequest.class)));
    }

    @GET
    @Path("namespaces/{namespace}")
    public Response loadNamespace(@Encoded @PathParam("namespace") String namespace)
    {
        return ok(() -> CatalogHandlers.loadNamespace(catalog, namespace(namespace)));
    }

    @HEAD
    @Path("namespaces/{namespace}")
    public Response namespaceExists(@Encoded @PathParam("namespace") String namespace)
    {
        return noContent(() -> CatalogHandlers.namespaceExists(catalog, namespace(namespace)));
    }

    @DELETE
    @Path("namespaces/{namespace}")
    public Response dropNamespace(@Encoded @PathParam("namespace") String namespace)
    {
        return noContent(() -> CatalogHandlers.dropNamespace(catalog, namespace(namespace)));
    }

    @POST
    @Path("namespaces/{namespace}/properties")
    public Response updateNamespaceProperties(@Encoded @PathParam("namespace") String namespace, String body)
    {
        return ok(() -> CatalogHandlers.updateNamespaceProperties(catalog, namespace(namespace), IcebergJson.read(body, UpdateNamespacePropertiesRequest.class)));
    }

    @GET
    @Path("namespaces/{namespace}/tables")
    public Response listTables(@Encoded @PathParam("namespace") String namespace, @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize)
    {
        return ok(() -> pageSize == null
                ? CatalogHandlers.listTables(catalog, namespace(namespace))
                : CatalogHandlers.listTables(catalog, namespace(namespace), pageToken, pageSize));
    }

    @POST
    @Path("namespaces/{namespace}/tables")
    public Response createTable(@Encoded @PathParam("namespace") String namespace, String body)
    {
        return ok(() -> {
            CreateTableRequest request = IcebergJson.read(body, CreateTableRequest.class);
            request.validate();
            return request.stageCreate()
                    ? CatalogHandlers.stageTableCreate(catalog, namespace(namespace), request)
                    : CatalogHandlers.createTable(catalog, namespace(namespace), request);
        });
    }

    @POST
    @Path("namespaces/{namespace}/register")
    public Response registerTable(@Encoded @PathParam("namespace") String namespace, String body)
    {
        return ok(() -> CatalogHandlers.registerTable(catalog, namespace(namespace), IcebergJson.read(body, RegisterTableRequest.class)));
    }

    @GET
    @Path("namespaces/{namespace}/tables/{table}")
    public Response loadTable(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("table") String table)
    {
        return table(() -> CatalogHandlers.loadTable(catalog, identifier(namespace, table)));
    }

    @HEAD
    @Path("namespaces/{namespace}/tables/{table}")
    public Response tableExists(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("table") String table)
    {
        return noContent(() -> CatalogHandlers.tableExists(catalog, identifier(namespace, table)));
    }

    @POST
    @Path("namespaces/{namespace}/tables/{table}")
    public Response updateTable(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("table") String table, String body)
    {
        return table(() -> CatalogHandlers.updateTable(catalog, identifier(namespace, table), IcebergJson.read(body, UpdateTableRequest.class)));
    }

    @DELETE
    @Path("namespaces/{namespace}/tables/{table}")
    public Response dropTable(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("table") String table, @QueryParam("purgeRequested") boolean purge)
    {
        TableIdentifier identifier = identifier(namespace, table);
        return noContent(() -> {
            if (purge) {
                CatalogHandlers.purgeTable(catalog, identifier);
            }
            else {
                CatalogHandlers.dropTable(catalog, identifier);
            }
        });
    }

    @POST
    @Path("namespaces/{namespace}/tables/{table}/metrics")
    public Response reportMetrics(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("table") String table, String body)
    {
        // Scan and commit reports are accepted and not kept: the commit log records what commits did.
        return noContent(() -> IcebergJson.read(body, ReportMetricsRequest.class));
    }

    @POST
    @Path("tables/rename")
    public Response renameTable(String body)
    {
        return noContent(() -> CatalogHandlers.renameTable(catalog, IcebergJson.read(body, RenameTableRequest.class)));
    }

    @POST
    @Path("transactions/commit")
    public Response commitTransaction(String body)
    {
        // All or nothing: see LakeCatalog.commitTransaction.
        return noContent(() -> catalog.commitTransaction(IcebergJson.read(body, CommitTransactionRequest.class).tableChanges()));
    }

    @GET
    @Path("namespaces/{namespace}/views")
    public Response listViews(@Encoded @PathParam("namespace") String namespace, @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize)
    {
        return ok(() -> pageSize == null
                ? CatalogHandlers.listViews(catalog, namespace(namespace))
                : CatalogHandlers.listViews(catalog, namespace(namespace), pageToken, pageSize));
    }

    @POST
    @Path("namespaces/{namespace}/views")
    public Response createView(@Encoded @PathParam("namespace") String namespace, String body)
    {
        return ok(() -> CatalogHandlers.createView(catalog, namespace(namespace), IcebergJson.read(body, CreateViewRequest.class)));
    }

    @GET
    @Path("namespaces/{namespace}/views/{view}")
    public Response loadView(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("view") String view)
    {
        return ok(() -> CatalogHandlers.loadView(catalog, identifier(namespace, view)));
    }

    @HEAD
    @Path("namespaces/{namespace}/views/{view}")
    public Response viewExists(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("view") String view)
    {
        return noContent(() -> CatalogHandlers.viewExists(catalog, identifier(namespace, view)));
    }

    @POST
    @Path("namespaces/{namespace}/views/{view}")
    public Response updateView(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("view") String view, String body)
    {
        return ok(() -> CatalogHandlers.updateView(catalog, identifier(namespace, view), IcebergJson.read(body, UpdateTableRequest.class)));
    }

    @DELETE
    @Path("namespaces/{namespace}/views/{view}")
    public Response dropView(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("view") String view)
    {
        return noContent(() -> CatalogHandlers.dropView(catalog, identifier(namespace, view)));
    }

    @POST
    @Path("views/rename")
    public Response renameView(String body)
    {
        return noContent(() -> CatalogHandlers.renameView(catalog, IcebergJson.read(body, RenameTableRequest.class)));
    }

    private static Namespace namespace(String encoded)
    {
        return RESTUtil.decodeNamespace(encoded);
    }

    private static TableIdentifier identifier(String namespace, String name)
    {
        return TableIdentifier.of(namespace(namespace), RESTUtil.decodeString(name));
    }

    private static Response ok(Supplier<Object> handler)
    {
        try {
            return Response.ok(IcebergJson.write(handler.get()), MediaType.APPLICATION_JSON_TYPE).build();
        }
        catch (RuntimeException e) {
            return IcebergErrors.toResponse(e);
        }
    }

    /**
     * A load-table or commit response, with the metadata's JSON from the cache: serializing a table's
     * whole metadata was most of the cost of answering. The body is what Iceberg's serializer writes.
     */
    private Response table(Supplier<LoadTableResponse> handler)
    {
        try {
            LoadTableResponse response = handler.get();
            if (!response.config().isEmpty() || !response.credentials().isEmpty() || response.metadataLocation() == null) {
                return Response.ok(IcebergJson.write(response), MediaType.APPLICATION_JSON_TYPE).build();
            }
            String body = "{\"metadata-location\":" + IcebergJson.write(response.metadataLocation())
                    + ",\"metadata\":" + metadataCache.json(response.metadataLocation(), response::tableMetadata) + "}";
            return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
        }
        catch (RuntimeException e) {
            return IcebergErrors.toResponse(e);
        }
    }

    private static Response noContent(Runnable handler)
    {
        try {
            handler.run();
            return Response.noContent().build();
        }
        catch (RuntimeException e) {
            return IcebergErrors.toResponse(e);
        }
    }
}
