package dev.trinomesh.catalog.lake.rest;

import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.lake.LakeCatalog;
import dev.trinomesh.catalog.lake.MetadataCache;
import dev.trinomesh.catalog.lake.authorization.LakeAccess;
import dev.trinomesh.catalog.lake.authorization.LakeAuthorization;
import dev.trinomesh.catalog.lake.signing.RemoteSigning;
import dev.trinomesh.catalog.lake.storage.Warehouse;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
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
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The lake's Iceberg REST catalog, at {@code /iceberg/v1/...} (clients use base URI {@code <service>/iceberg}).
 * Protocol only: every route first asks {@link LakeAccess} whether the authenticated caller may do it, then
 * Iceberg's {@link CatalogHandlers} do the catalog work on {@link LakeCatalog}, whose table operations carry the
 * contract gate. Tables loaded or created by engines other than Trino carry their S3 remote-signing settings.
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
    private final LakeAuthorization authorization;
    private final RemoteSigning remoteSigning;
    private final Warehouse warehouse;

    @Inject
    public IcebergRestResource(LakeCatalog catalog, MetadataCache metadataCache, LakeAuthorization authorization, RemoteSigning remoteSigning, Warehouse warehouse)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.metadataCache = requireNonNull(metadataCache, "metadataCache is null");
        this.authorization = requireNonNull(authorization, "authorization is null");
        this.remoteSigning = requireNonNull(remoteSigning, "remoteSigning is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
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
    public Response listNamespaces(@QueryParam("parent") String parent, @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        // Multi-level parents arrive joined by the unit separator, as the REST specification says.
        Namespace namespace = parent == null ? Namespace.empty() : Namespace.of(parent.split("\u001f"));
        return ok(() -> {
            LakeAccess access = access(user);
            if (!namespace.isEmpty()) {
                access.checkLoadNamespace(namespace);
            }
            ListNamespacesResponse all = pageSize == null
                    ? CatalogHandlers.listNamespaces(catalog, namespace)
                    : CatalogHandlers.listNamespaces(catalog, namespace, pageToken, pageSize);
            if (access.isUnrestricted()) {
                return all;
            }
            // A page may come out shorter than asked; its token still leads on to the next one.
            return ListNamespacesResponse.builder()
                    .addAll(all.namespaces().stream().filter(access::mayLoad).toList())
                    .nextPageToken(all.nextPageToken())
                    .build();
        });
    }

    @POST
    @Path("namespaces")
    public Response createNamespace(String body, @HeaderParam(RequestUser.HEADER) String user)
    {
        return ok(() -> {
            CreateNamespaceRequest request = IcebergJson.read(body, CreateNamespaceRequest.class);
            request.validate();
            access(user).checkCreateNamespace(request.namespace());
            return CatalogHandlers.createNamespace(catalog, request);
        });
    }

    @GET
    @Path("namespaces/{namespace}")
    public Response loadNamespace(@Encoded @PathParam("namespace") String namespace, @HeaderParam(RequestUser.HEADER) String user)
    {
        return ok(() -> {
            access(user).checkLoadNamespace(namespace(namespace));
            return CatalogHandlers.loadNamespace(catalog, namespace(namespace));
        });
    }

    @HEAD
    @Path("namespaces/{namespace}")
    public Response namespaceExists(@Encoded @PathParam("namespace") String namespace, @HeaderParam(RequestUser.HEADER) String user)
    {
        return noContent(() -> {
            access(user).checkLoadNamespace(namespace(namespace));
            CatalogHandlers.namespaceExists(catalog, namespace(namespace));
        });
    }

    @DELETE
    @Path("namespaces/{namespace}")
    public Response dropNamespace(@Encoded @PathParam("namespace") String namespace, @HeaderParam(RequestUser.HEADER) String user)
    {
        return noContent(() -> {
            access(user).checkChangeNamespace(namespace(namespace));
            CatalogHandlers.dropNamespace(catalog, namespace(namespace));
        });
    }

    @POST
    @Path("namespaces/{namespace}/properties")
    public Response updateNamespaceProperties(@Encoded @PathParam("namespace") String namespace, String body, @HeaderParam(RequestUser.HEADER) String user)
    {
        return ok(() -> {
            access(user).checkChangeNamespace(namespace(namespace));
            return CatalogHandlers.updateNamespaceProperties(catalog, namespace(namespace), IcebergJson.read(body, UpdateNamespacePropertiesRequest.class));
        });
    }

    @GET
    @Path("namespaces/{namespace}/tables")
    public Response listTables(@Encoded @PathParam("namespace") String namespace, @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        return ok(() -> {
            // Whoever may list a namespace may load every table in it: nothing to filter.
            access(user).checkLoadNamespace(namespace(namespace));
            return pageSize == null
                    ? CatalogHandlers.listTables(catalog, namespace(namespace))
                    : CatalogHandlers.listTables(catalog, namespace(namespace), pageToken, pageSize);
        });
    }

    @POST
    @Path("namespaces/{namespace}/tables")
    public Response createTable(@Encoded @PathParam("namespace") String namespace, String body, @HeaderParam(RequestUser.HEADER) String user)
    {
        LakeAccess access;
        CreateTableRequest request;
        try {
            access = access(user);
            access.checkCreateTableIn(namespace(namespace));
            request = IcebergJson.read(body, CreateTableRequest.class);
            request.validate();
        }
        catch (RuntimeException e) {
            return IcebergErrors.toResponse(e);
        }
        return table(remoteSigning.tableConfig(access), () -> request.stageCreate()
                ? CatalogHandlers.stageTableCreate(catalog, namespace(namespace), request)
                : CatalogHandlers.createTable(catalog, namespace(namespace), request));
    }

    @POST
    @Path("namespaces/{namespace}/register")
    public Response registerTable(@Encoded @PathParam("namespace") String namespace, String body, @HeaderParam(RequestUser.HEADER) String user)
    {
        LakeAccess access;
        RegisterTableRequest request;
        try {
            access = access(user);
            access.checkCreateTableIn(namespace(namespace));
            request = IcebergJson.read(body, RegisterTableRequest.class);
            request.validate();
            // The service reads the metadata file with its own keys: another engine's may only be in its own place.
            if (!access.isUnrestricted() && !warehouse.contains(namespace(namespace), request.metadataLocation())) {
                throw new ForbiddenException("Cannot register %s: its metadata file must lie under %s, the place of namespace %s in the warehouse, not at %s",
                        request.name(), warehouse.namespaceLocation(namespace(namespace)), namespace(namespace), request.metadataLocation());
            }
        }
        catch (RuntimeException e) {
            return IcebergErrors.toResponse(e);
        }
        return table(remoteSigning.tableConfig(access), () -> CatalogHandlers.registerTable(catalog, namespace(namespace), request));
    }

    @GET
    @Path("namespaces/{namespace}/tables/{table}")
    public Response loadTable(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("table") String table, @HeaderParam(RequestUser.HEADER) String user)
    {
        LakeAccess access;
        try {
            access = access(user);
            access.checkLoadTable(identifier(namespace, table));
        }
        catch (RuntimeException e) {
            return IcebergErrors.toResponse(e);
        }
        return table(remoteSigning.tableConfig(access), () -> CatalogHandlers.loadTable(catalog, identifier(namespace, table)));
    }

    @HEAD
    @Path("namespaces/{namespace}/tables/{table}")
    public Response tableExists(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("table") String table, @HeaderParam(RequestUser.HEADER) String user)
    {
        return noContent(() -> {
            access(user).checkLoadTable(identifier(namespace, table));
            CatalogHandlers.tableExists(catalog, identifier(namespace, table));
        });
    }

    @POST
    @Path("namespaces/{namespace}/tables/{table}")
    public Response updateTable(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("table") String table, String body,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        LakeAccess access;
        try {
            access = access(user);
            access.checkChangeTable(identifier(namespace, table));
        }
        catch (RuntimeException e) {
            return IcebergErrors.toResponse(e);
        }
        // A commit's answer is read for its metadata only: it carries no storage settings.
        return table(Map.of(), () -> refusedAsConflict(() -> CatalogHandlers.updateTable(catalog, identifier(namespace, table), IcebergJson.read(body, UpdateTableRequest.class))));
    }

    @DELETE
    @Path("namespaces/{namespace}/tables/{table}")
    public Response dropTable(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("table") String table, @QueryParam("purgeRequested") boolean purge,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        TableIdentifier identifier = identifier(namespace, table);
        return noContent(() -> {
            access(user).checkChangeTable(identifier);
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
    public Response reportMetrics(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("table") String table, String body,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        // Scan and commit reports are accepted and not kept: the commit log records what commits did.
        return noContent(() -> {
            access(user).checkLoadTable(identifier(namespace, table));
            IcebergJson.read(body, ReportMetricsRequest.class);
        });
    }

    @POST
    @Path("tables/rename")
    public Response renameTable(String body, @HeaderParam(RequestUser.HEADER) String user)
    {
        return noContent(() -> {
            RenameTableRequest request = IcebergJson.read(body, RenameTableRequest.class);
            request.validate();
            LakeAccess access = access(user);
            access.checkChangeTable(request.source());
            access.checkCreateIn(request.destination().namespace());
            CatalogHandlers.renameTable(catalog, request);
        });
    }

    @POST
    @Path("transactions/commit")
    public Response commitTransaction(String body, @HeaderParam(RequestUser.HEADER) String user)
    {
        // All or nothing: see LakeCatalog.commitTransaction.
        return noContent(() -> {
            List<UpdateTableRequest> changes = IcebergJson.read(body, CommitTransactionRequest.class).tableChanges();
            LakeAccess access = access(user);
            // A change that names no table is refused by the catalog, before anything is written.
            changes.stream()
                    .map(UpdateTableRequest::identifier)
                    .filter(Objects::nonNull)
                    .forEach(access::checkChangeTable);
            refusedAsConflict(() -> {
                catalog.commitTransaction(changes);
                return null;
            });
        });
    }

    @GET
    @Path("namespaces/{namespace}/views")
    public Response listViews(@Encoded @PathParam("namespace") String namespace, @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        return ok(() -> {
            access(user).checkLoadNamespace(namespace(namespace));
            return pageSize == null
                    ? CatalogHandlers.listViews(catalog, namespace(namespace))
                    : CatalogHandlers.listViews(catalog, namespace(namespace), pageToken, pageSize);
        });
    }

    @POST
    @Path("namespaces/{namespace}/views")
    public Response createView(@Encoded @PathParam("namespace") String namespace, String body, @HeaderParam(RequestUser.HEADER) String user)
    {
        return ok(() -> {
            access(user).checkCreateIn(namespace(namespace));
            return CatalogHandlers.createView(catalog, namespace(namespace), IcebergJson.read(body, CreateViewRequest.class));
        });
    }

    @GET
    @Path("namespaces/{namespace}/views/{view}")
    public Response loadView(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("view") String view, @HeaderParam(RequestUser.HEADER) String user)
    {
        return ok(() -> {
            access(user).checkLoadView(identifier(namespace, view));
            return CatalogHandlers.loadView(catalog, identifier(namespace, view));
        });
    }

    @HEAD
    @Path("namespaces/{namespace}/views/{view}")
    public Response viewExists(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("view") String view, @HeaderParam(RequestUser.HEADER) String user)
    {
        return noContent(() -> {
            access(user).checkLoadView(identifier(namespace, view));
            CatalogHandlers.viewExists(catalog, identifier(namespace, view));
        });
    }

    @POST
    @Path("namespaces/{namespace}/views/{view}")
    public Response updateView(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("view") String view, String body,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        return ok(() -> {
            access(user).checkChangeView(identifier(namespace, view));
            return CatalogHandlers.updateView(catalog, identifier(namespace, view), IcebergJson.read(body, UpdateTableRequest.class));
        });
    }

    @DELETE
    @Path("namespaces/{namespace}/views/{view}")
    public Response dropView(@Encoded @PathParam("namespace") String namespace, @Encoded @PathParam("view") String view, @HeaderParam(RequestUser.HEADER) String user)
    {
        return noContent(() -> {
            access(user).checkChangeView(identifier(namespace, view));
            CatalogHandlers.dropView(catalog, identifier(namespace, view));
        });
    }

    @POST
    @Path("views/rename")
    public Response renameView(String body, @HeaderParam(RequestUser.HEADER) String user)
    {
        return noContent(() -> {
            RenameTableRequest request = IcebergJson.read(body, RenameTableRequest.class);
            request.validate();
            LakeAccess access = access(user);
            access.checkChangeView(request.source());
            access.checkCreateIn(request.destination().namespace());
            CatalogHandlers.renameView(catalog, request);
        });
    }

    private LakeAccess access(String user)
    {
        return authorization.of(RequestUser.of(user));
    }

    private static Namespace namespace(String encoded)
    {
        return RESTUtil.decodeNamespace(encoded);
    }

    private static TableIdentifier identifier(String namespace, String name)
    {
        return TableIdentifier.of(namespace(namespace), RESTUtil.decodeString(name));
    }

    /**
     * A commit refused before anything was committed (its contracts could not be checked, the lake's storage failed
     * writing its metadata file) is a 409: Iceberg's clients take a 503 to a commit as "state unknown" (since 1.10)
     * and stop, while a 409 makes them refresh and try again.
     */
    private static <T> T refusedAsConflict(Supplier<T> commit)
    {
        try {
            return commit.get();
        }
        catch (ServiceUnavailableException e) {
            throw new CommitFailedException(e, "%s", e.getMessage());
        }
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
     * whole metadata was most of the cost of answering. The body is what Iceberg's serializer writes,
     * with {@code config}, the caller's storage settings (S3 remote signing for engines other than Trino), added.
     */
    private Response table(Map<String, String> config, Supplier<LoadTableResponse> handler)
    {
        try {
            LoadTableResponse response = handler.get();
            if (!response.config().isEmpty() || !response.credentials().isEmpty() || response.metadataLocation() == null) {
                return Response.ok(IcebergJson.write(LoadTableResponse.builder()
                        .withTableMetadata(response.tableMetadata())
                        .addAllConfig(response.config())
                        .addAllConfig(config)
                        .addAllCredentials(response.credentials())
                        .build()), MediaType.APPLICATION_JSON_TYPE).build();
            }
            String body = "{\"metadata-location\":" + IcebergJson.write(response.metadataLocation())
                    + ",\"metadata\":" + metadataCache.json(response.metadataLocation(), response::tableMetadata)
                    + (config.isEmpty() ? "" : ",\"config\":" + IcebergJson.write(config))
                    + "}";
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
