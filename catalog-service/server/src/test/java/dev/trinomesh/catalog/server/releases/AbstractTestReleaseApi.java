package dev.trinomesh.catalog.server.releases;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.model.ApiError;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DatasetRelease;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.catalog.registry.ProductRegistry;
import dev.trinomesh.catalog.releases.DatasetReleases;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data releases over real HTTP against a real database (H2 or PostgreSQL per subclass), with lake tables
 * written through the service's Iceberg REST catalog: the tag, the pinned snapshot, every refusal, ownership.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTestReleaseApi
{
    private static final Schema ORDERS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "amount", Types.DoubleType.get()));
    private static final TableIdentifier ORDERS_TABLE = TableIdentifier.of("shop", "orders");

    private Path groupFile;
    private TestingCatalogService service;
    private HttpClient httpClient;
    private RESTCatalog lake;

    protected abstract Map<String, String> databaseProperties();

    protected void closeDatabase() {}

    @BeforeAll
    void start()
            throws IOException
    {
        groupFile = Files.createTempFile("groups", ".txt");
        Files.writeString(groupFile, """
                sales-team:sam,sue
                crm-team:carla
                governance:gina
                """);
        Map<String, String> properties = new HashMap<>(databaseProperties());
        properties.put("governance.admins", "user:admin,group:governance");
        properties.put("governance.group-file", groupFile.toString());
        service = new TestingCatalogService(properties);
        httpClient = new JettyHttpClient(new HttpClientConfig());
        lake = lakeClient();

        lake.createNamespace(Namespace.of("shop"));
        Table orders = lake.createTable(ORDERS_TABLE, ORDERS);
        append(orders, "first");
        lake.createTable(TableIdentifier.of("shop", "empty"), ORDERS);
        as("sam").applyProduct("shop", SHOP, Optional.empty(), false);
        // Published: the contract gate now guards shop.orders, and must let a tag through.
        as("sam").changeStatus("shop", ProductStatus.PUBLISHED, Optional.empty());
        as("sam").applyProduct("old_shop", OLD_SHOP, Optional.empty(), false);
        as("sam").changeStatus("old_shop", ProductStatus.RETIRED, Optional.empty());
    }

    @AfterAll
    void stop()
            throws IOException
    {
        if (lake != null) {
            lake.close();
        }
        httpClient.close();
        service.close();
        closeDatabase();
        Files.deleteIfExists(groupFile);
    }

    private static final String SHOP = """
            apiVersion: mesh/v1
            kind: DataProduct
            metadata: {name: shop, domain: sales, owner: group:sales-team, version: 1.2.0}
            spec:
              access: {consumers: [group:crm-team]}
              datasets:
                - name: orders
                  source: {table: lake.shop.orders}
                  columns:
                    - {name: id, type: bigint, required: true}
                    - {name: amount, type: double}
                - name: empty
                  source: {table: lake.shop.empty}
                  columns:
                    - {name: id, type: bigint}
                - name: missing
                  source: {table: lake.shop.missing}
                  columns:
                    - {name: id, type: bigint}
                - name: summary
                  source: {sql: "SELECT 1 AS id"}
                  columns:
                    - {name: id, type: integer}
                - name: external
                  source: {table: tpch.tiny.orders}
                  columns:
                    - {name: orderkey, type: bigint}
            """;

    private static final String OLD_SHOP = """
            apiVersion: mesh/v1
            kind: DataProduct
            metadata: {name: old_shop, domain: sales, owner: group:sales-team, version: 1.0.0}
            spec:
              datasets:
                - name: orders
                  source: {table: lake.old_shop.orders}
                  columns:
                    - {name: id, type: bigint}
            """;

    @Test
    void aReleasePinsTheCurrentSnapshotByATagThatOutlivesLaterWrites()
    {
        long snapshotBefore = lake.loadTable(ORDERS_TABLE).currentSnapshot().snapshotId();
        long revisionBefore = registry().registryRevision();

        DatasetRelease release = as("sam").createRelease("shop", "orders", "2026-q3", Optional.of("training set of model m1"));

        assertThat(release.product()).isEqualTo("shop");
        assertThat(release.dataset()).isEqualTo("orders");
        assertThat(release.name()).isEqualTo("2026-q3");
        assertThat(release.table()).isEqualTo("orders@2026-q3");
        assertThat(release.snapshotId()).isEqualTo(snapshotBefore);
        assertThat(release.tag()).isEqualTo("mesh-release-orders-2026-q3");
        assertThat(release.sourceTable()).isEqualTo("lake.shop.orders");
        assertThat(release.productVersion()).isEqualTo("1.2.0");
        assertThat(release.columns()).containsExactly(new Column("id", "bigint", true, false, null, List.of()), new Column("amount", "double", false, false, null, List.of()));
        assertThat(release.description()).isEqualTo("training set of model m1");
        assertThat(release.createdBy()).isEqualTo("sam");
        assertThat(registry().registryRevision()).isGreaterThan(revisionBefore);

        // The tag is in the table's Iceberg metadata, on the pinned snapshot, and never expires.
        SnapshotRef tag = lake.loadTable(ORDERS_TABLE).refs().get("mesh-release-orders-2026-q3");
        assertThat(tag).isNotNull();
        assertThat(tag.isTag()).isTrue();
        assertThat(tag.snapshotId()).isEqualTo(snapshotBefore);
        assertThat(tag.maxRefAgeMs()).isEqualTo(Long.MAX_VALUE);
        // The contract gate let the tag-only commit through; the commit log names it.
        List<LakeCommit> commits = as("sam").lakeCommits(Optional.of("shop"), Optional.of("orders"), Optional.empty(), 1);
        assertThat(commits).singleElement().satisfies(commit -> {
            assertThat(commit.outcome()).isEqualTo("accepted");
            assertThat(commit.operation()).isEqualTo("refs");
        });

        // Later writes move the table, not the release.
        append(lake.loadTable(ORDERS_TABLE), "second");
        Table moved = lake.loadTable(ORDERS_TABLE);
        assertThat(moved.currentSnapshot().snapshotId()).isNotEqualTo(snapshotBefore);
        assertThat(moved.refs().get("mesh-release-orders-2026-q3").snapshotId()).isEqualTo(snapshotBefore);
        assertThat(as("carla").release("shop", "orders", "2026-q3")).contains(release);
        assertThat(as("carla").releases("shop", Optional.of("orders"))).contains(release);
        assertThat(service.getInstance(DatasetReleases.class).all()).contains(release);

        // A second release pins the new snapshot.
        DatasetRelease next = as("sue").createRelease("shop", "orders", "2026-q4", Optional.empty());
        assertThat(next.snapshotId()).isEqualTo(moved.currentSnapshot().snapshotId());
        assertThat(next.description()).isNull();
        assertThat(as("sam").releases("shop", Optional.empty())).extracting(DatasetRelease::name).containsSubsequence("2026-q3", "2026-q4");

        // Deleting removes the record and the tag, and moves the revision.
        long revisionBeforeDelete = registry().registryRevision();
        as("sam").deleteRelease("shop", "orders", "2026-q4");
        assertThat(registry().registryRevision()).isGreaterThan(revisionBeforeDelete);
        assertThat(lake.loadTable(ORDERS_TABLE).refs()).doesNotContainKey("mesh-release-orders-2026-q4").containsKey("mesh-release-orders-2026-q3");
        assertThat(as("sam").release("shop", "orders", "2026-q4")).isEmpty();
        assertThat(service.getInstance(DatasetReleases.class).all()).extracting(DatasetRelease::name).doesNotContain("2026-q4");
        assertThat(refusal(() -> as("sam").deleteRelease("shop", "orders", "2026-q4")))
                .satisfies(error -> assertThat(error.status()).isEqualTo(404))
                .satisfies(error -> assertThat(error.message()).contains("dataset 'orders' of product 'shop' has no release '2026-q4'; its releases: 2026-q3"));
    }

    @Test
    void refusalsSayWhatIsWrongAndWhatToDo()
    {
        as("sam").createRelease("shop", "orders", "audit-2025", Optional.empty());

        assertRefused(() -> as("sam").createRelease("nowhere", "orders", "r1", Optional.empty()), 404, "no product named 'nowhere'");
        assertRefused(() -> as("sam").createRelease("shop", "order", "r1", Optional.empty()), 404,
                "product 'shop' has no dataset 'order'; its datasets: orders, empty, missing, summary, external");
        assertRefused(() -> as("sam").createRelease("old_shop", "orders", "r1", Optional.empty()), 409, "product 'old_shop' is retired");
        assertRefused(() -> as("sam").createRelease("shop", "orders", "Q3 2026", Optional.empty()), 422,
                "name: must be 1 to 64 lower case letters, digits, '_', '-' or '.'");
        assertRefused(() -> as("sam").createRelease("shop", "orders", "-q3", Optional.empty()), 422, "release name '-q3' is not valid");
        assertRefused(() -> as("sam").createRelease("shop", "summary", "r1", Optional.empty()), 422,
                "reads a SQL query; a release pins an Iceberg snapshot of a lake table, so the dataset's source must be a table of the 'lake' catalog");
        assertRefused(() -> as("sam").createRelease("shop", "external", "r1", Optional.empty()), 422, "reads table tpch.tiny.orders; a release pins an Iceberg snapshot of a lake table");
        assertRefused(() -> as("sam").createRelease("shop", "missing", "r1", Optional.empty()), 409,
                "lake table lake.shop.missing of dataset 'missing' of product 'shop' does not exist yet: create it and write data to it first");
        assertRefused(() -> as("sam").createRelease("shop", "empty", "r1", Optional.empty()), 409,
                "lake table lake.shop.empty of dataset 'empty' has no snapshot yet: write data to it first");
        assertRefused(() -> as("sue").createRelease("shop", "orders", "audit-2025", Optional.empty()), 409,
                "dataset 'orders' of product 'shop' already has a release 'audit-2025', made by sam at ");
        assertRefused(() -> as("sam").createRelease("shop", "orders", "", Optional.empty()), 400, "name: is required");
        assertRefused(() -> as("sam").createRelease("shop", "orders", "x".repeat(65), Optional.empty()), 422, "is not valid");
        assertRefused(() -> as("sam").releases("shop", Optional.of("order")), 404, "product 'shop' has no dataset 'order'");
        assertRefused(() -> as("sam").releases("nowhere", Optional.empty()), 404, "no product named 'nowhere'");

        // Nothing refused left a tag behind.
        assertThat(lake.loadTable(ORDERS_TABLE).refs().keySet()).noneMatch(ref -> ref.contains("r1") || ref.contains("Q3"));
        assertThat(lake.loadTable(TableIdentifier.of("shop", "empty")).refs()).isEmpty();
    }

    @Test
    void whenTheRecordCannotBeWrittenTheTagIsRemovedAgain()
    {
        // The database refuses this one release's row: the tag is made, the insert fails.
        Jdbi jdbi = service.getInstance(Jdbi.class);
        jdbi.useHandle(handle -> handle.execute("ALTER TABLE dataset_releases ADD CONSTRAINT refuse_doomed CHECK (name <> 'doomed')"));
        try {
            long revisionBefore = registry().registryRevision();
            ApiError error = refusal(() -> as("sam").createRelease("shop", "orders", "doomed", Optional.empty()));
            assertThat(error.status()).isEqualTo(500);
            assertThat(lake.loadTable(ORDERS_TABLE).refs()).doesNotContainKey("mesh-release-orders-doomed");
            assertThat(as("sam").release("shop", "orders", "doomed")).isEmpty();
            assertThat(registry().registryRevision()).isEqualTo(revisionBefore);
        }
        finally {
            jdbi.useHandle(handle -> handle.execute("ALTER TABLE dataset_releases DROP CONSTRAINT refuse_doomed"));
        }
        // Nothing half-made stands in the way of trying again.
        assertThat(as("sam").createRelease("shop", "orders", "doomed", Optional.empty()).tag()).isEqualTo("mesh-release-orders-doomed");
    }

    @Test
    void aTagOfTheSameNameMadeByHandIsNotTakenOver()
    {
        Table orders = lake.loadTable(ORDERS_TABLE);
        orders.manageSnapshots().createTag("mesh-release-orders-by-hand", orders.currentSnapshot().snapshotId()).commit();
        assertRefused(() -> as("sam").createRelease("shop", "orders", "by-hand", Optional.empty()), 409,
                "lake table lake.shop.orders already has a tag 'mesh-release-orders-by-hand'");
        assertThat(as("sam").release("shop", "orders", "by-hand")).isEmpty();
    }

    @Test
    void onlyTheProductsOwnersItsDomainsOwnerAndAdminsMakeAndDeleteReleases()
    {
        assertRefused(() -> as("carla").createRelease("shop", "orders", "carla-1", Optional.empty()), 403,
                "product 'shop' belongs to group:sales-team; only they and governance admins may change it, and carla is none of them");
        assertThat(lake.loadTable(ORDERS_TABLE).refs()).doesNotContainKey("mesh-release-orders-carla-1");

        DatasetRelease byAdmin = as("gina").createRelease("shop", "orders", "gina-1", Optional.empty());
        assertThat(byAdmin.createdBy()).isEqualTo("gina");
        assertRefused(() -> as("carla").deleteRelease("shop", "orders", "gina-1"), 403, "carla is none of them");
        assertThat(lake.loadTable(ORDERS_TABLE).refs()).containsKey("mesh-release-orders-gina-1");
        // Reading follows the product's descriptor: carla, a consumer, sees it.
        assertThat(as("carla").release("shop", "orders", "gina-1")).contains(byAdmin);
        as("sue").deleteRelease("shop", "orders", "gina-1");
        assertThat(lake.loadTable(ORDERS_TABLE).refs()).doesNotContainKey("mesh-release-orders-gina-1");
    }

    private ProductRegistry registry()
    {
        return service.getInstance(ProductRegistry.class);
    }

    private CatalogServiceClient as(String user)
    {
        return service.client(httpClient, user);
    }

    private RESTCatalog lakeClient()
    {
        return service.lakeClient("client", "trino", Map.of());
    }

    /** Appends a data file (metadata only: nothing here reads the rows). */
    private static void append(Table table, String name)
    {
        DataFile file = DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(table.location() + "/data/" + name + "-" + UUID.randomUUID() + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(100)
                .withRecordCount(3)
                .build();
        table.newAppend().appendFile(file).commit();
    }

    private static void assertRefused(Runnable call, int status, String message)
    {
        ApiError error = refusal(call);
        assertThat(error.status()).as(error.toString()).isEqualTo(status);
        assertThat(error.describe()).contains(message);
    }

    private static ApiError refusal(Runnable call)
    {
        try {
            call.run();
        }
        catch (CatalogServiceException e) {
            return e.error().orElseThrow(() -> e);
        }
        throw new AssertionError("the call succeeded");
    }
}
