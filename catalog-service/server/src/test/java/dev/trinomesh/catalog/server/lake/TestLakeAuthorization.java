package dev.trinomesh.catalog.server.lake;

import com.google.common.collect.ImmutableMap;
import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.catalog.testing.RawRequests;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.auth.OAuth2Properties;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.trinomesh.catalog.server.lake.TestingLake.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The REST catalog decides per principal, on the local disk: another engine acting for sam (of group sales-team) works
 * in the namespace of his team's product and nowhere else. A table of a product sam may read is forbidden, with the
 * advice to read it through Trino; any other is not found, exactly as a table that does not exist; listings show what
 * he may load. Trino's principal and admins may do everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestLakeAuthorization
{
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    /** sam's team owns the product of namespace sales. */
    private static final TableIdentifier OWN = TableIdentifier.of("sales", "items");
    /** sam may read product customer_profiles (namespace crm) through Trino. */
    private static final TableIdentifier READABLE = TableIdentifier.of("crm", "items");
    /** sam will read draft_plans (namespace plans) once it is published. */
    private static final TableIdentifier DRAFT = TableIdentifier.of("plans", "items");
    /** sam may read nothing of supply_chain (supply), nor of namespace scratch (no product). */
    private static final List<TableIdentifier> HIDDEN = List.of(TableIdentifier.of("supply", "items"), TableIdentifier.of("scratch", "items"));

    private TestingCatalogService service;
    private RESTCatalog trino;
    private RESTCatalog sam;

    @BeforeAll
    void start()
    {
        service = new TestingCatalogService(Map.of("governance.group-file", TestingLake.demoGroupFile().toString()));
        try (JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig())) {
            CatalogServiceClient admin = service.client(httpClient, "admin");
            admin.applyProduct("sales_orders", product("sales_orders", "sales", "group:sales-team", "published", List.of("group:analysts")), Optional.empty(), false);
            admin.applyProduct("customer_profiles", product("customer_profiles", "crm", "group:crm-team", "published", List.of("group:sales-team")), Optional.empty(), false);
            admin.applyProduct("supply_chain", product("supply_chain", "supply", "group:supply-team", "published", List.of()), Optional.empty(), false);
            admin.applyProduct("draft_plans", product("draft_plans", "plans", "group:crm-team", "draft", List.of("group:sales-team")), Optional.empty(), false);
        }
        trino = TestingLake.client(service, "trino", Map.of());
        for (String namespace : List.of("sales", "crm", "supply", "plans", "scratch")) {
            trino.createNamespace(Namespace.of(namespace));
            trino.createTable(TableIdentifier.of(namespace, "items"), SCHEMA);
        }
        sam = service.lakeClient("sams-engine", "sam", Map.of());
    }

    @AfterAll
    void stop()
            throws IOException
    {
        if (sam != null) {
            sam.close();
        }
        if (trino != null) {
            trino.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anEngineWorksInTheNamespaceOfItsCallersProduct()
    {
        Table table = sam.loadTable(OWN);
        table.newAppend().appendFile(dataFile(table, "from-sams-engine")).commit();
        assertThat(trino.loadTable(OWN).currentSnapshot().addedDataFiles(trino.loadTable(OWN).io()))
                .extracting(file -> file.location())
                .containsExactly(table.location() + "/data/from-sams-engine.parquet");

        TableIdentifier scratch = TableIdentifier.of("sales", "scratchpad");
        sam.createTable(scratch, SCHEMA).updateProperties().set("note", "sam's").commit();
        sam.renameTable(scratch, TableIdentifier.of("sales", "notes"));
        assertThat(sam.loadTable(TableIdentifier.of("sales", "notes")).properties()).containsEntry("note", "sam's");
        assertThat(sam.dropTable(TableIdentifier.of("sales", "notes"))).isTrue();

        // A table registered from metadata in the namespace's own place.
        TableIdentifier copy = TableIdentifier.of("sales", "items_copy");
        sam.registerTable(copy, current(table).metadataFileLocation());
        assertThat(sam.dropTable(copy, false)).isTrue();

        TableIdentifier view = TableIdentifier.of("sales", "recent");
        sam.buildView(view).withSchema(SCHEMA).withDefaultNamespace(Namespace.of("sales")).withQuery("spark", "SELECT id FROM items").create();
        assertThat(sam.listViews(Namespace.of("sales"))).contains(view);
        assertThat(sam.dropView(view)).isTrue();

        sam.setProperties(Namespace.of("sales"), ImmutableMap.of("team", "sales"));
        assertThat(sam.loadNamespaceMetadata(Namespace.of("sales"))).containsEntry("team", "sales");
    }

    @Test
    void aTableOfAProductTheCallerMayReadIsForbiddenWithTheWayToReadIt()
    {
        assertThatThrownBy(() -> sam.loadTable(READABLE))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("Table crm.items holds data of product 'customer_profiles', which you may read only through Trino, where its row filters and column masks apply: "
                        + "query its datasets in the mesh catalog's schema customer_profiles. Engines other than Trino may load only the tables of products you own.");
        assertThatThrownBy(() -> sam.tableExists(READABLE)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> sam.loadNamespaceMetadata(Namespace.of("crm"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> sam.listTables(Namespace.of("crm"))).isInstanceOf(ForbiddenException.class);
        assertThat(send("sam", "POST", "namespaces/crm/tables/items/metrics", "{}").statusCode()).isEqualTo(403);
        assertThatThrownBy(() -> sam.loadTable(DRAFT))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("Table plans.items holds data of product 'draft_plans', which you may read only through Trino, where its row filters and column masks apply: "
                        + "once it is published, query its datasets in the mesh catalog's schema draft_plans.");
    }

    @Test
    void everyOtherTableIsNotFoundExactlyAsATableThatDoesNotExist()
    {
        HttpResponse<String> missing = send("sam", "GET", "namespaces/sales/tables/missing", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        for (TableIdentifier hidden : HIDDEN) {
            assertThatThrownBy(() -> sam.loadTable(hidden))
                    .isInstanceOf(NoSuchTableException.class)
                    .hasMessage("Table does not exist: " + hidden);
            assertThat(sam.tableExists(hidden)).isFalse();
            HttpResponse<String> answer = send("sam", "GET", "namespaces/%s/tables/items".formatted(hidden.namespace()), null);
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).isEqualTo(missing.body().replace("sales.missing", hidden.toString()));
            assertThatThrownBy(() -> sam.loadNamespaceMetadata(hidden.namespace()))
                    .isInstanceOf(NoSuchNamespaceException.class)
                    .hasMessage("Namespace does not exist: " + hidden.namespace());
            assertThat(sam.namespaceExists(hidden.namespace())).isFalse();
            assertThatThrownBy(() -> sam.listTables(hidden.namespace())).isInstanceOf(NoSuchNamespaceException.class);
            assertThatThrownBy(() -> sam.loadView(TableIdentifier.of(hidden.namespace(), "v")))
                    .isInstanceOf(NoSuchViewException.class)
                    .hasMessage("View does not exist: " + hidden.namespace() + ".v");
            assertThat(send("sam", "POST", "namespaces/%s/tables/items/metrics".formatted(hidden.namespace()), "{}").statusCode()).isEqualTo(404);
        }
        // eve may read nothing: every product's table is not found to her.
        try (RESTCatalog eve = service.lakeClient("eves-engine", "eve", Map.of())) {
            assertThatThrownBy(() -> eve.loadTable(READABLE)).isInstanceOf(NoSuchTableException.class).hasMessage("Table does not exist: crm.items");
            assertThatThrownBy(() -> eve.loadTable(OWN)).isInstanceOf(NoSuchTableException.class).hasMessage("Table does not exist: sales.items");
            assertThat(eve.listNamespaces()).isEmpty();
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void noChangeOutsideTheCallersProductsIsMade()
    {
        TableIdentifier hidden = HIDDEN.getFirst();
        // Creating, in a namespace of a product sam may read and in one he may not see.
        assertThatThrownBy(() -> sam.createTable(TableIdentifier.of("crm", "mine"), SCHEMA))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("Namespace crm belongs to product 'customer_profiles'; only its owner group:crm-team may change it. "
                        + "Read its data through Trino: query its datasets in the mesh catalog's schema customer_profiles.");
        assertThatThrownBy(() -> sam.createTable(TableIdentifier.of("supply", "mine"), SCHEMA))
                .isInstanceOf(NoSuchNamespaceException.class)
                .hasMessage("Namespace does not exist: supply (create it first)");
        assertThatThrownBy(() -> sam.createTable(TableIdentifier.of(Namespace.of("sales", "nested"), "mine"), SCHEMA))
                .isInstanceOf(NoSuchNamespaceException.class);
        // Namespaces: only that of a product sam owns; whether another exists is not told.
        assertThatThrownBy(() -> sam.createNamespace(Namespace.of("crm"))).isInstanceOf(ForbiddenException.class).hasMessageContaining("only its owner group:crm-team may change it");
        String fresh = message(() -> sam.createNamespace(Namespace.of("fresh")));
        assertThat(fresh).contains("sam may create only the lake namespace of a data product they own (its spec.lake.namespace, by default the product's name), and fresh is not one: "
                + "register the product first (./mesh apply), then create its namespace");
        assertThat(message(() -> sam.createNamespace(Namespace.of("supply")))).isEqualTo(fresh.replace("fresh", "supply"));
        assertThatThrownBy(() -> sam.setProperties(Namespace.of("crm"), ImmutableMap.of("taken", "yes"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> sam.setProperties(hidden.namespace(), ImmutableMap.of("taken", "yes"))).isInstanceOf(NoSuchNamespaceException.class);
        assertThat(sam.dropNamespace(hidden.namespace())).isFalse();
        assertThatThrownBy(() -> sam.dropNamespace(Namespace.of("crm"))).isInstanceOf(ForbiddenException.class);

        // Committing: through a transaction, and table by table.
        assertThatThrownBy(() -> sam.commitTransaction(withProperty(READABLE)))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("Table crm.items belongs to product 'customer_profiles'; only its owner group:crm-team may change it");
        assertThatThrownBy(() -> sam.commitTransaction(withProperty(OWN), withProperty(hidden))).isInstanceOf(NoSuchTableException.class);
        String setProperty = "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"taken\":\"yes\"}}]}";
        assertThat(send("sam", "POST", "namespaces/crm/tables/items", setProperty).statusCode()).isEqualTo(403);
        assertThat(send("sam", "POST", "namespaces/supply/tables/items", setProperty).statusCode()).isEqualTo(404);

        // Dropping, registering, renaming.
        assertThatThrownBy(() -> sam.dropTable(READABLE)).isInstanceOf(ForbiddenException.class);
        assertThat(sam.dropTable(hidden)).isFalse();
        String othersMetadata = current(trino.loadTable(READABLE)).metadataFileLocation();
        assertThatThrownBy(() -> sam.registerTable(TableIdentifier.of("sales", "taken"), othersMetadata))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("Cannot register taken: its metadata file must lie under")
                .hasMessageContaining("the place of namespace sales in the warehouse");
        assertThatThrownBy(() -> sam.registerTable(TableIdentifier.of("crm", "taken"), othersMetadata)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> sam.registerTable(TableIdentifier.of("supply", "taken"), othersMetadata)).isInstanceOf(NoSuchNamespaceException.class);
        assertThatThrownBy(() -> sam.renameTable(OWN, TableIdentifier.of("crm", "moved"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> sam.renameTable(READABLE, TableIdentifier.of("sales", "moved"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> sam.renameTable(hidden, TableIdentifier.of("sales", "moved"))).isInstanceOf(NoSuchTableException.class);

        // Views.
        assertThatThrownBy(() -> sam.buildView(TableIdentifier.of("crm", "v")).withSchema(SCHEMA).withDefaultNamespace(Namespace.of("crm")).withQuery("spark", "SELECT 1").create())
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> sam.buildView(TableIdentifier.of("supply", "v")).withSchema(SCHEMA).withDefaultNamespace(Namespace.of("supply")).withQuery("spark", "SELECT 1").create())
                .isInstanceOf(NoSuchNamespaceException.class);

        // Nothing of it happened.
        for (TableIdentifier table : List.of(READABLE, hidden)) {
            Table untouched = trino.loadTable(table);
            assertThat(untouched.properties()).doesNotContainKey("taken");
            assertThat(untouched.currentSnapshot()).isNull();
        }
        assertThat(trino.loadNamespaceMetadata(Namespace.of("crm"))).doesNotContainKey("taken");
        assertThat(trino.listNamespaces()).doesNotContain(Namespace.of("fresh"));
        assertThat(trino.tableExists(TableIdentifier.of("sales", "taken"))).isFalse();
        assertThat(trino.tableExists(TableIdentifier.of("sales", "moved"))).isFalse();
        assertThat(trino.loadTable(OWN).properties()).doesNotContainKey("taken");
    }

    @Test
    void listingsShowWhatTheCallerMayLoad()
    {
        assertThat(sam.listNamespaces()).containsExactly(Namespace.of("sales"));
        assertThat(send("sam", "GET", "namespaces?pageSize=2", null).body()).doesNotContain("crm", "supply", "plans", "scratch");
        assertThat(sam.listTables(Namespace.of("sales"))).contains(OWN);
        assertThat(sam.listNamespaces(Namespace.of("sales"))).isEmpty();
        assertThatThrownBy(() -> sam.listNamespaces(Namespace.of("supply"))).isInstanceOf(NoSuchNamespaceException.class);
        assertThat(trino.listNamespaces()).contains(Namespace.of("sales"), Namespace.of("crm"), Namespace.of("supply"), Namespace.of("plans"), Namespace.of("scratch"));
    }

    @Test
    void trinoAndGovernanceAdminsMayDoEverything()
            throws IOException
    {
        try (RESTCatalog admin = service.lakeClient("admins-engine", "admin", Map.of())) {
            assertThat(admin.listNamespaces()).contains(Namespace.of("crm"), Namespace.of("supply"), Namespace.of("scratch"));
            Table table = admin.loadTable(TableIdentifier.of("scratch", "items"));
            table.updateProperties().set("checked-by", "admin").commit();
            table.updateProperties().remove("checked-by").commit();
        }
        // Trino's principal: every table, and no storage settings in what it loads.
        HttpResponse<String> loaded = send(TestingLake.TRINO_PRINCIPAL, "GET", "namespaces/supply/tables/items", null);
        assertThat(loaded.statusCode()).isEqualTo(200);
        assertThat(loaded.body()).doesNotContain("\"config\"");
    }

    @Test
    void anonymousCallsAndBadTokensAreRefused()
    {
        RESTCatalog anonymous = new RESTCatalog();
        assertThatThrownBy(() -> anonymous.initialize("anonymous", Map.of("uri", service.baseUri().resolve("/iceberg").toString())))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("this Iceberg REST catalog requires a bearer token: set the catalog property token to a mesh API token (./mesh tokens create), "
                        + "or oauth2-server-uri and credential for the service's OpenID Connect issuer");
        assertThatThrownBy(() -> service.lakeClient("forged", "sam", Map.of(OAuth2Properties.TOKEN, "mesh_not-a-token-of-this-service")))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("the bearer token is not valid for this catalog service");
        assertThat(send(null, "GET", "namespaces/sales/tables/items", null).statusCode()).isEqualTo(401);
    }

    private static DataFile dataFile(Table table, String name)
    {
        return DataFiles.builder(table.spec())
                .withPath(table.location() + "/data/" + name + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(1024)
                .withRecordCount(1)
                .build();
    }

    private static TableMetadata current(Table table)
    {
        return ((BaseTable) table).operations().current();
    }

    /** A commit setting a property on {@code table}, based on its metadata as Trino's principal loads it. */
    private TableCommit withProperty(TableIdentifier table)
    {
        TableMetadata base = current(trino.loadTable(table));
        return TableCommit.create(table, base, TableMetadata.buildFrom(base).setProperties(Map.of("taken", "yes")).build());
    }

    private static String message(Runnable call)
    {
        try {
            call.run();
        }
        catch (ForbiddenException e) {
            return e.getMessage();
        }
        throw new AssertionError("the call was allowed");
    }

    /** A raw request to {@code /iceberg/v1/<path>} as {@code user} (anonymous when null). */
    private HttpResponse<String> send(String user, String method, String path, String body)
    {
        HttpRequest.Builder request = RawRequests.request(service.baseUri(), method, "/iceberg/v1/" + path, body);
        if (user != null) {
            request.header("Authorization", service.authorization(user));
        }
        // A client per request, so that no request meets a connection an earlier one left.
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return RawRequests.send(http, request);
        }
    }
}
