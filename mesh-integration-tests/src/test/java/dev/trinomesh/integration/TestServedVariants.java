package dev.trinomesh.integration;

import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.model.DatasetRelease;
import dev.trinomesh.api.model.PinnedSnapshot;
import dev.trinomesh.api.model.ProductStatus;
import io.trino.Session;
import io.trino.client.Warning;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.trinomesh.connector.MeshErrorCode.MESH_DATASET_NOT_PINNABLE;
import static dev.trinomesh.connector.MeshErrorCode.MESH_DATASET_RETIRED;
import static dev.trinomesh.integration.QueryWaits.await;
import static dev.trinomesh.integration.QueryWaits.awaitServed;
import static io.trino.spi.StandardErrorCode.INVALID_VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tables served beside a product's datasets, in a real Trino with the mesh access control: the previous
 * major's datasets during their deprecation window ({@code orders_v1}), governed as the dataset they stand
 * for and warning their readers; their end; the warning on every table of a deprecated product; and data
 * releases ({@code orders@2026-q3}), which return the same rows after later writes. Product {@code shop}, made
 * before the tests, is only read by them; a test that changes a product makes one of its own, so that each runs
 * alone and in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestServedVariants
        extends AbstractTestQueryFramework
{
    private static final Session ADMIN = TestingMesh.session("admin");
    private static final Session ALICE = TestingMesh.session("alice");
    private static final Session BOB = TestingMesh.session("bob");
    private static final Session EVE = TestingMesh.session("eve");
    private static final String VERSION_1_COLUMNS = """
            - {name: orderkey, type: bigint}
            - {name: priority, type: varchar}
            - {name: clerk, type: varchar, classification: pii}
            - {name: totalprice, type: double}
            - {name: comment, type: varchar}
            """;
    // Version 2 drops clerk and comment: a breaking change, so a new major.
    private static final String VERSION_2_COLUMNS = """
            - {name: orderkey, type: bigint}
            - {name: priority, type: varchar}
            - {name: totalprice, type: double}
            """;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    private TestingMesh mesh;
    private long urgent;
    private long all;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        mesh = TestingMesh.create(TestingMesh.Storage.LOCAL, Map.of("governance.admins", "user:admin"), Optional.of(Map.of("mesh.admins", "user:admin")));
        return mesh.runner();
    }

    @BeforeAll
    void setUp()
    {
        lakeTable("shop");
        urgent = (long) getQueryRunner().execute(ADMIN, "SELECT count(*) FROM lake.shop.orders WHERE priority = '1-URGENT'").getOnlyValue();
        all = (long) getQueryRunner().execute(ADMIN, "SELECT count(*) FROM lake.shop.orders").getOnlyValue();
        mesh.registry().applyProduct("shop", product("shop", "1.0.0", "published", VERSION_1_COLUMNS, ""), Optional.empty(), false);
        mesh.registry().applyPolicy("shop_rules", """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: shop_rules, scope: global}
                spec:
                  rules:
                    - {type: rowFilter, product: shop, datasets: [orders], principals: [user:alice], expression: "priority = '1-URGENT'"}
                    - {type: columnMask, classification: pii, mask: hash, except: [user:admin]}
                """, Optional.empty(), false);
        // Version 2 drops clerk and comment (breaking) and keeps serving version 1 for a month.
        mesh.registry().applyProduct("shop", product("shop", "2.0.0", "published", VERSION_2_COLUMNS, "  previousMajor: {until: %s}\n".formatted(today.plusDays(30))), Optional.of("*"), false);
        // A column only version 1 has can still be named by a policy, which reaches it in orders_v1.
        mesh.registry().applyPolicy("old_names", """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: old_names, scope: global}
                spec:
                  rules:
                    - {type: columnMask, product: shop, datasets: [orders], columns: [comment], mask: "null", principals: [user:bob]}
                """, Optional.empty(), false);
        await(getQueryRunner(), ALICE, "SELECT count(*) FROM mesh.shop.orders_v1", String.valueOf(urgent)::equals);
    }

    /** Lake table {@code lake.<namespace>.orders}: TPC-H's orders, in the namespace of the product of that name. */
    private void lakeTable(String namespace)
    {
        getQueryRunner().execute(ADMIN, "CREATE SCHEMA lake." + namespace);
        getQueryRunner().execute(ADMIN, "CREATE TABLE lake.%s.orders AS SELECT orderkey, orderpriority AS priority, clerk, totalprice, comment FROM tpch.tiny.orders".formatted(namespace));
    }

    /** Product {@code name}, serving {@code lake.<name>.orders} as dataset {@code orders} to alice and bob. */
    private static String product(String name, String version, String status, String columns, String specExtra)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: retail, owner: user:admin, version: %s, status: %s}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.%s.orders}
                      columns:
                %s  access:
                    consumers: [user:alice, user:bob]
                %s""".formatted(name, version, status, name, columns.indent(8), specExtra);
    }

    /** A product of its own for a test that changes it: its lake table, version 1.0.0 published, served. */
    private void ownProduct(String name)
    {
        lakeTable(name);
        mesh.registry().applyProduct(name, product(name, "1.0.0", "published", VERSION_1_COLUMNS, ""), Optional.empty(), false);
        awaitServed(getQueryRunner(), ADMIN, name);
    }

    @Test
    void thePreviousMajorIsServedBesideTheNewOneAndWarnsItsReaders()
    {
        assertThat(getQueryRunner().execute(ADMIN, "SHOW TABLES FROM mesh.shop").getOnlyColumnAsSet()).containsExactlyInAnyOrder("orders", "orders_v1");
        assertThat(columns("orders")).containsExactlyInAnyOrder("orderkey", "priority", "totalprice");
        assertThat(columns("orders_v1")).containsExactlyInAnyOrder("orderkey", "priority", "clerk", "totalprice", "comment");

        MaterializedResult current = getQueryRunner().execute(BOB, "SELECT count(*) FROM mesh.shop.orders");
        assertThat(current.getOnlyValue()).isEqualTo(all);
        assertThat(current.getWarnings()).isEmpty();

        MaterializedResult previous = getQueryRunner().execute(BOB, "SELECT count(*) FROM mesh.shop.orders_v1");
        assertThat(previous.getOnlyValue()).isEqualTo(all);
        assertThat(previous.getWarnings()).extracting(Warning::getMessage).singleElement().asString()
                .contains("mesh.shop.orders_v1 is deprecated: it serves dataset orders of product shop at version 1.0.0 until " + today.plusDays(30))
                .contains("move to mesh.shop.orders (version 2.0.0)");

        assertThat(getQueryRunner().execute(BOB, "SELECT table_name, dataset, kind, version, served_until, snapshot_id FROM mesh.metadata.variants WHERE product = 'shop'").getMaterializedRows())
                .extracting(row -> row.getFields().toString())
                .containsExactly("[orders_v1, orders, previous-major, 1.0.0, %s, null]".formatted(today.plusDays(30)));
        assertThat(getQueryRunner().execute(EVE, "SELECT count(*) FROM mesh.metadata.variants").getOnlyValue()).as("rows of products eve may not read are hidden").isEqualTo(0L);
    }

    @Test
    void thePreviousMajorIsGovernedAsItsDataset()
    {
        // The row filter on dataset orders reaches orders_v1; the pii mask reaches its clerk column, which only version 1 has.
        assertThat(getQueryRunner().execute(ALICE, "SELECT count(*) FROM mesh.shop.orders_v1").getOnlyValue()).isEqualTo(urgent);
        assertThat(getQueryRunner().execute(ALICE, "SELECT count(*) FROM mesh.shop.orders").getOnlyValue()).isEqualTo(urgent);
        String clerk = (String) getQueryRunner().execute(ADMIN, "SELECT clerk FROM mesh.shop.orders_v1 WHERE orderkey = 1").getOnlyValue();
        assertThat(clerk).startsWith("Clerk#");
        assertThat(getQueryRunner().execute(BOB, "SELECT clerk FROM mesh.shop.orders_v1 WHERE orderkey = 1").getOnlyValue()).isNotEqualTo(clerk);
        await(getQueryRunner(), BOB, "SELECT count(comment) FROM mesh.shop.orders_v1", "0"::equals);
        assertThat(getQueryRunner().execute(ADMIN, "SELECT count(comment) FROM mesh.shop.orders_v1").getOnlyValue()).isEqualTo(all);
        assertThatThrownBy(() -> getQueryRunner().execute(EVE, "SELECT count(*) FROM mesh.shop.orders_v1"))
                .hasMessageContaining("eve is not a consumer of product 'shop'");
    }

    @Test
    void servingThePreviousMajorNeedsOneThatWasPublishedAndFreeNames()
    {
        assertThatThrownBy(() -> mesh.registry().applyProduct("solo", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: solo, domain: retail, owner: user:admin, version: 2.0.0, status: published}
                spec:
                  datasets:
                    - name: items
                      source: {table: tpch.tiny.nation}
                      columns: [{name: name, type: varchar}]
                  previousMajor: {until: 2030-01-01}
                """, Optional.empty(), false))
                .isInstanceOf(CatalogServiceException.class)
                .hasMessageContaining("no version 1.x of product 'solo' was ever published");
        String clash = product("shop", "2.1.0", "published", VERSION_2_COLUMNS, "  previousMajor: {until: %s}\n".formatted(today.plusDays(30)))
                .replace("  access:", "    - name: orders_v1\n      source: {table: lake.shop.orders}\n      columns: [{name: orderkey, type: bigint}]\n  access:");
        assertThatThrownBy(() -> mesh.registry().applyProduct("shop", clash, Optional.of("*"), false))
                .isInstanceOf(CatalogServiceException.class)
                .hasMessageContaining("dataset 'orders' of version 1.0.0 is served as 'orders_v1', which is also the name of a dataset of 2.1.0");
    }

    @Test
    void theWindowEnds()
    {
        ownProduct("ending");
        mesh.registry().applyProduct("ending", product("ending", "2.0.0", "published", VERSION_2_COLUMNS, "  previousMajor: {until: %s}\n".formatted(today.plusDays(30))), Optional.of("*"), false);
        await(getQueryRunner(), BOB, "SELECT count(*) FROM mesh.ending.orders_v1", String.valueOf(all)::equals);

        String pinned = "mesh.ending.\"%s\"".formatted(PinnedSnapshot.tableName("orders_v1", currentSnapshot("ending")));
        assertThat(getQueryRunner().execute(BOB, "SELECT count(*) FROM " + pinned).getOnlyValue()).isEqualTo(all);

        mesh.registry().applyProduct("ending", product("ending", "2.0.1", "published", VERSION_2_COLUMNS, "  previousMajor: {until: %s}\n".formatted(today.minusDays(1))), Optional.of("*"), false);
        await(getQueryRunner(), BOB, "SELECT count(*) FROM mesh.ending.orders_v1", outcome -> outcome.contains("was served until " + today.minusDays(1)));
        assertThat(getQueryRunner().execute(ADMIN, "SHOW TABLES FROM mesh.ending").getOnlyColumnAsSet()).containsExactly("orders");
        // Pinned, the retired table stays retired.
        assertThat(query(BOB, "SELECT count(*) FROM " + pinned)).failure().hasErrorCode(MESH_DATASET_RETIRED).hasMessageContaining("was served until " + today.minusDays(1));
    }

    @Test
    void aReleaseReturnsTheSameRowsAfterLaterWritesAndIsGovernedAsItsDataset()
    {
        ownProduct("released");
        mesh.registry().applyPolicy("released_rules", """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: released_rules, scope: global}
                spec:
                  rules:
                    - {type: rowFilter, product: released, datasets: [orders], principals: [user:alice], expression: "priority = '1-URGENT'"}
                """, Optional.empty(), false);
        DatasetRelease release = mesh.registry().createRelease("released", "orders", "2026-q3", Optional.of("Training set for the churn model"));
        assertThat(release.table()).isEqualTo("orders@2026-q3");
        String checksum = "SELECT count(*), sum(orderkey), sum(totalprice) FROM mesh.released.\"orders@2026-q3\"";
        await(getQueryRunner(), BOB, "SELECT count(*) FROM mesh.released.\"orders@2026-q3\"", String.valueOf(all)::equals);
        // The release is governed as its dataset once the access control has the policy (it came before the release).
        await(getQueryRunner(), ALICE, "SELECT count(*) FROM mesh.released.\"orders@2026-q3\"", String.valueOf(urgent)::equals);
        MaterializedResult before = getQueryRunner().execute(BOB, checksum);
        assertThat(before.getWarnings()).as("a release of a published product is not deprecated").isEmpty();

        getQueryRunner().execute(ADMIN, "INSERT INTO lake.released.orders SELECT orderkey + 1000000, orderpriority, clerk, totalprice, comment FROM tpch.tiny.orders");
        getQueryRunner().execute(ADMIN, "DELETE FROM lake.released.orders WHERE orderkey < 100");
        assertThat(getQueryRunner().execute(BOB, "SELECT count(*) FROM mesh.released.orders").getOnlyValue()).isNotEqualTo(all);

        assertThat(getQueryRunner().execute(BOB, checksum).getMaterializedRows()).isEqualTo(before.getMaterializedRows());
        assertThat(getQueryRunner().execute(ALICE, "SELECT count(*) FROM mesh.released.\"orders@2026-q3\"").getOnlyValue()).isEqualTo(urgent);
        assertThat(getQueryRunner().execute(ADMIN, "SHOW TABLES FROM mesh.released").getOnlyColumnAsSet()).containsExactlyInAnyOrder("orders", "orders@2026-q3");
        // A release is pinned already.
        assertThat(query(BOB, "SELECT count(*) FROM mesh.released.\"orders@2026-q3@snapshot:%s\"".formatted(release.snapshotId()))).failure()
                .hasErrorCode(MESH_DATASET_NOT_PINNABLE)
                .hasMessage("released.orders@2026-q3@snapshot:%1$s cannot be pinned at a snapshot: released.orders@2026-q3 is a release, which always reads snapshot %1$s; query released.orders@2026-q3"
                        .formatted(release.snapshotId()));
        assertThatThrownBy(() -> getQueryRunner().execute(EVE, checksum)).hasMessageContaining("eve is not a consumer of product 'released'");
        assertThat(getQueryRunner().execute(BOB, "SELECT qualified_name, kind, snapshot_id, description FROM mesh.metadata.variants WHERE product = 'released'").getMaterializedRows())
                .extracting(row -> row.getFields().toString())
                .containsExactly("[mesh.released.\"orders@2026-q3\", release, %s, Training set for the churn model]".formatted(release.snapshotId()));
    }

    @Test
    void aPinnedTableReturnsTheRowsOfItsSnapshotAfterLaterWrites()
    {
        ownProduct("paged");
        long snapshot = currentSnapshot("paged");
        String pinned = "mesh.paged.\"%s\"".formatted(PinnedSnapshot.tableName("orders", snapshot));
        String checksum = "SELECT count(*), sum(orderkey), sum(totalprice) FROM " + pinned;
        MaterializedResult before = getQueryRunner().execute(BOB, checksum);
        assertThat(before.getMaterializedRows()).isEqualTo(getQueryRunner().execute(BOB, "SELECT count(*), sum(orderkey), sum(totalprice) FROM mesh.paged.orders").getMaterializedRows());
        assertThat(before.getWarnings()).isEmpty();
        assertThat(before.getMaterializedRows().getFirst().getField(0)).isEqualTo(all);

        getQueryRunner().execute(ADMIN, "INSERT INTO lake.paged.orders SELECT orderkey + 1000000, orderpriority, clerk, totalprice, comment FROM tpch.tiny.orders");
        getQueryRunner().execute(ADMIN, "DELETE FROM lake.paged.orders WHERE orderkey < 100");
        assertThat(getQueryRunner().execute(BOB, "SELECT count(*) FROM mesh.paged.orders").getOnlyValue()).isNotEqualTo(all);
        // Every page of a cursor on the snapshot reads the same rows, however the table changed since.
        assertThat(getQueryRunner().execute(BOB, checksum).getMaterializedRows()).isEqualTo(before.getMaterializedRows());
        assertThat(getQueryRunner().execute(BOB, "SELECT orderkey FROM %s ORDER BY orderkey LIMIT 3".formatted(pinned)).getOnlyColumnAsSet()).containsExactlyInAnyOrder(1L, 2L, 3L);
        // The new snapshot is a table of its own.
        String now = "mesh.paged.\"%s\"".formatted(PinnedSnapshot.tableName("orders", currentSnapshot("paged")));
        assertThat(getQueryRunner().execute(BOB, "SELECT count(*) FROM " + now).getOnlyValue())
                .isEqualTo(getQueryRunner().execute(BOB, "SELECT count(*) FROM mesh.paged.orders").getOnlyValue());

        // Resolved when named, never listed.
        assertThat(getQueryRunner().execute(ADMIN, "SHOW TABLES FROM mesh.paged").getOnlyColumnAsSet()).containsExactly("orders");
        assertThat(getQueryRunner().execute(ADMIN, "SELECT table_name FROM mesh.information_schema.tables WHERE table_schema = 'paged'").getOnlyColumnAsSet()).containsExactly("orders");
        assertThat(getQueryRunner().execute(ADMIN, "SELECT DISTINCT table_name FROM mesh.information_schema.columns WHERE table_schema = 'paged'").getOnlyColumnAsSet()).containsExactly("orders");
        assertThat(getQueryRunner().execute(ADMIN, "SELECT count(*) FROM mesh.metadata.variants WHERE product = 'paged'").getOnlyValue()).isEqualTo(0L);
        assertThat(getQueryRunner().execute(BOB, "DESCRIBE " + pinned).getMaterializedRows()).extracting(row -> row.getField(0))
                .containsExactly("orderkey", "priority", "clerk", "totalprice", "comment");
    }

    @Test
    void aPinnedTableIsGovernedAsTheTableItPins()
    {
        // shop's lake table is only read: its current snapshot holds the rows orders and orders_v1 read now.
        long snapshot = currentSnapshot("shop");
        Map<String, String> pinned = Map.of(
                "orders", "\"%s\"".formatted(PinnedSnapshot.tableName("orders", snapshot)),
                "orders_v1", "\"%s\"".formatted(PinnedSnapshot.tableName("orders_v1", snapshot)));
        // The row filter (alice), the masks by classification (clerk, pii) and by name (comment, bob), the readers.
        String v1 = "SELECT count(*), count(comment), min(clerk), max(clerk), sum(totalprice) FROM mesh.shop.%s";
        String v2 = "SELECT count(*), sum(orderkey), sum(totalprice) FROM mesh.shop.%s";
        for (Session session : List.of(ALICE, BOB, ADMIN)) {
            assertThat(getQueryRunner().execute(session, v1.formatted(pinned.get("orders_v1"))).getMaterializedRows()).as(session.getUser())
                    .isEqualTo(getQueryRunner().execute(session, v1.formatted("orders_v1")).getMaterializedRows());
            assertThat(getQueryRunner().execute(session, v2.formatted(pinned.get("orders"))).getMaterializedRows()).as(session.getUser())
                    .isEqualTo(getQueryRunner().execute(session, v2.formatted("orders")).getMaterializedRows());
        }
        assertThat(getQueryRunner().execute(ALICE, "SELECT count(*) FROM mesh.shop." + pinned.get("orders")).getOnlyValue()).isEqualTo(urgent);
        String clerk = (String) getQueryRunner().execute(ADMIN, "SELECT clerk FROM mesh.shop.%s WHERE orderkey = 1".formatted(pinned.get("orders_v1"))).getOnlyValue();
        assertThat(clerk).startsWith("Clerk#");
        assertThat(getQueryRunner().execute(BOB, "SELECT clerk FROM mesh.shop.%s WHERE orderkey = 1".formatted(pinned.get("orders_v1"))).getOnlyValue()).isNotEqualTo(clerk);
        assertThat(getQueryRunner().execute(BOB, "SELECT count(comment) FROM mesh.shop." + pinned.get("orders_v1")).getOnlyValue()).isEqualTo(0L);
        // Pinned, the previous major still warns its readers.
        assertThat(warnings(BOB, "SELECT count(*) FROM mesh.shop." + pinned.get("orders_v1"))).singleElement().asString().contains("mesh.shop.orders_v1 is deprecated");
        // Who may not read the dataset is denied as for the dataset, before anything about the snapshot is told.
        for (String table : pinned.keySet()) {
            assertThatThrownBy(() -> getQueryRunner().execute(EVE, "SELECT count(*) FROM mesh.shop." + pinned.get(table)))
                    .hasMessage("Access Denied: Cannot select from mesh.shop.%s@snapshot:%s: eve is not a consumer of product 'shop' (ask its owner user:admin to add you to access.consumers, or a governance policy to grant access)"
                            .formatted(table, snapshot));
            assertThatThrownBy(() -> getQueryRunner().execute(EVE, "SELECT count(*) FROM mesh.shop." + table))
                    .hasMessage("Access Denied: Cannot select from mesh.shop.%s: eve is not a consumer of product 'shop' (ask its owner user:admin to add you to access.consumers, or a governance policy to grant access)"
                            .formatted(table));
        }
    }

    @Test
    void aPinnedTableNeedsALakeTableAndASnapshotItHas()
    {
        mesh.registry().applyProduct("derived", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: derived, domain: retail, owner: user:admin, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: nations
                      source: {sql: "SELECT nationkey, name FROM tpch.tiny.nation"}
                      columns: [{name: nationkey, type: bigint}, {name: name, type: varchar}]
                  access:
                    consumers: [user:alice, user:bob]
                """, Optional.empty(), false);
        awaitServed(getQueryRunner(), ADMIN, "derived");
        assertThat(query(BOB, "SELECT count(*) FROM mesh.derived.\"nations@snapshot:1\"")).failure()
                .hasErrorCode(MESH_DATASET_NOT_PINNABLE)
                .hasMessage("derived.nations@snapshot:1 cannot be pinned at a snapshot: the source of derived.nations is a SQL query, and only a lake table has snapshots; query derived.nations");
        // A snapshot the lake table does not have (never made, or expired): Iceberg's error, as Trino reports an error in a
        // view's query. Trino analyzes the view before it checks access, so a non-consumer gets it too (and learns no more
        // than that the table has no such snapshot); with a snapshot it has, they are denied (aPinnedTableIsGovernedAs...).
        for (Session session : List.of(BOB, EVE)) {
            assertThat(query(session, "SELECT count(*) FROM mesh.shop.\"orders@snapshot:1\"")).failure()
                    .hasErrorCode(INVALID_VIEW)
                    .hasMessage("line 1:22: Failed analyzing stored view 'mesh.shop.\"orders@snapshot:1\"': Iceberg snapshot ID does not exists: 1");
        }
    }

    @Test
    void everyTableOfADeprecatedProductWarnsItsReaders()
    {
        ownProduct("retiring");
        mesh.registry().createRelease("retiring", "orders", "2026-q3", Optional.empty());
        await(getQueryRunner(), BOB, "SELECT count(*) FROM mesh.retiring.\"orders@2026-q3\"", String.valueOf(all)::equals);

        mesh.registry().changeStatus("retiring", ProductStatus.DEPRECATED, Optional.empty());
        await(getQueryRunner(), BOB, "SELECT count(*) FROM mesh.retiring.orders", _ -> warnings(BOB, "SELECT count(*) FROM mesh.retiring.orders").stream()
                .anyMatch(warning -> warning.contains("mesh.retiring.orders is deprecated: product retiring (version 1.0.0) is deprecated")));
        assertThat(warnings(BOB, "SELECT count(*) FROM mesh.retiring.\"orders@2026-q3\""))
                .singleElement().asString().contains("mesh.retiring.orders@2026-q3 is deprecated: product retiring (version 1.0.0) is deprecated");

        mesh.registry().deleteRelease("retiring", "orders", "2026-q3");
        await(getQueryRunner(), BOB, "SELECT count(*) FROM mesh.retiring.\"orders@2026-q3\"", outcome -> outcome.contains("does not exist"));
    }

    /** The snapshot {@code lake.<namespace>.orders} reads now: the one no other snapshot descends from. */
    private long currentSnapshot(String namespace)
    {
        return (long) getQueryRunner().execute(ADMIN, """
                SELECT snapshot_id FROM lake.%1$s."orders$snapshots"
                WHERE snapshot_id NOT IN (SELECT parent_id FROM lake.%1$s."orders$snapshots" WHERE parent_id IS NOT NULL)""".formatted(namespace)).getOnlyValue();
    }

    private Set<Object> columns(String table)
    {
        return getQueryRunner().execute(ADMIN, "SELECT column_name FROM mesh.information_schema.columns WHERE table_schema = 'shop' AND table_name = '%s'".formatted(table)).getOnlyColumnAsSet();
    }

    private List<String> warnings(Session session, String sql)
    {
        return getQueryRunner().execute(session, sql).getWarnings().stream().map(Warning::getMessage).toList();
    }
}
