package dev.trinomesh.integration;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.lineage.AuditEntry;
import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.api.lineage.Impact;
import dev.trinomesh.api.lineage.LineageEdge;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.api.lineage.LineageNode;
import dev.trinomesh.api.model.PinnedSnapshot;
import io.trino.Session;
import io.trino.plugin.memory.MemoryPlugin;
import io.trino.spi.security.Identity;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import io.trino.testing.TestingGroupProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.trinomesh.integration.QueryWaits.await;
import static dev.trinomesh.integration.QueryWaits.awaitServed;
import static dev.trinomesh.integration.QueryWaits.until;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lineage, usage and audit recorded from real queries: the listener in a real Trino sends each completed
 * query to the catalog service's lineage store, which links it with the registry (a mesh dataset is served
 * from its lake table). The expected column edges of each statement are asserted exactly.
 */
class TestLineage
        extends AbstractTestQueryFramework
{
    private static final Session ADMIN = session("admin");
    private static final Session ALICE = session("alice", "analysts");

    private TestingMesh mesh;
    private String joinCtas;
    private String insert;
    private String merge;
    private String chainedCtas;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        mesh = TestingMesh.builder()
                // The demo's groups at the service too, which answers each person as far as they may see (alice is an analyst).
                .withServiceProperties(Map.of("governance.admins", "user:admin", "governance.group-file", TestingMesh.DEMO_GROUP_FILE.toString()))
                .withAccessControl(Map.of("mesh.admins", "user:admin"))
                .withLineage(Map.of("mesh.lineage.batch-linger", "20ms"))
                .build();
        return mesh.runner();
    }

    private static Session session(String user, String... groups)
    {
        return testSessionBuilder()
                .setIdentity(Identity.forUser(user).withGroups(Set.of(groups)).build())
                .setCatalog("mesh")
                .setSchema("information_schema")
                .build();
    }

    private CatalogServiceClient admin()
    {
        return mesh.registry();
    }

    @BeforeAll
    void setUp()
    {
        TestingGroupProvider groups = new TestingGroupProvider();
        groups.setUserGroups(Map.of("alice", Set.of("analysts")));
        getQueryRunner().getGroupProvider().setConfiguredGroupProvider(groups);
        getQueryRunner().installPlugin(new MemoryPlugin());
        getQueryRunner().createCatalog("memory", "memory");

        run(ADMIN, "CREATE SCHEMA lake.sales");
        run(ADMIN, "CREATE TABLE lake.sales.orders AS SELECT orderkey, custkey, totalprice, orderpriority AS priority, clerk FROM tpch.tiny.orders");
        run(ADMIN, "CREATE SCHEMA lake.crm");
        run(ADMIN, "CREATE TABLE lake.crm.customers AS SELECT custkey, name, mktsegment AS segment FROM tpch.tiny.customer");
        run(ADMIN, "CREATE SCHEMA lake.revenue");
        run(ADMIN, "CREATE SCHEMA lake.planning");
        admin().applyProduct("sales", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: sales, domain: sales, owner: user:admin, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.sales.orders}
                      columns:
                        - {name: orderkey, type: bigint}
                        - {name: custkey, type: bigint}
                        - {name: totalprice, type: double}
                        - {name: priority, type: varchar}
                        - {name: clerk, type: varchar, classification: pii}
                  access:
                    consumers: [group:analysts]
                """, Optional.empty(), false);
        admin().applyProduct("crm", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: crm, domain: sales, owner: user:admin, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: customers
                      source: {table: lake.crm.customers}
                      columns:
                        - {name: custkey, type: bigint}
                        - {name: name, type: varchar, classification: pii}
                        - {name: segment, type: varchar}
                """, Optional.empty(), false);
        admin().applyPolicy("governed_sales", """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: governed_sales, scope: global}
                spec:
                  rules:
                    - {type: columnMask, classification: pii, mask: hash}
                    - {type: rowFilter, product: sales, principals: [group:analysts], expression: "priority = '1-URGENT'"}
                """, Optional.empty(), false);

        awaitServed(getQueryRunner(), ADMIN, "sales");
        awaitServed(getQueryRunner(), ADMIN, "crm");
        // A join and an aggregation of two products into a third product's lake table ...
        joinCtas = queryId(ADMIN, """
                CREATE TABLE lake.revenue.by_segment AS
                SELECT c.segment, sum(o.totalprice) AS revenue, count(*) AS orders
                FROM mesh.sales.orders o JOIN mesh.crm.customers c ON o.custkey = c.custkey
                GROUP BY c.segment""");
        // ... appended to, and merged into ...
        insert = queryId(ADMIN, "INSERT INTO lake.revenue.by_segment SELECT 'NONE', max(totalprice), count(*) FROM mesh.sales.orders WHERE priority = '5-LOW'");
        merge = queryId(ADMIN, """
                MERGE INTO lake.revenue.by_segment t
                USING (SELECT segment, count(*) AS customers FROM mesh.crm.customers GROUP BY segment) s ON t.segment = s.segment
                WHEN MATCHED THEN UPDATE SET orders = s.customers""");
        // ... then published as a product, whose dataset feeds a fourth: a chain of products.
        admin().applyProduct("revenue", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: revenue, domain: finance, owner: user:admin, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: by_segment
                      source: {table: lake.revenue.by_segment}
                      columns:
                        - {name: segment, type: varchar}
                        - {name: revenue, type: double}
                        - {name: orders, type: bigint}
                    - name: top
                      source: {sql: "SELECT segment, revenue FROM revenue.by_segment ORDER BY revenue DESC LIMIT 3"}
                      columns:
                        - {name: segment, type: varchar}
                        - {name: revenue, type: double}
                """, Optional.empty(), false);
        awaitServed(getQueryRunner(), ADMIN, "revenue");
        // The access control polls the service apart from the connector: the view's owner may read the product's lake
        // table only once it knows the product too.
        await(getQueryRunner(), ADMIN, "SELECT count(*) FROM mesh.revenue.by_segment", outcome -> outcome.matches("\\d+"));
        chainedCtas = queryId(ADMIN, "CREATE TABLE lake.planning.forecast AS SELECT segment, revenue * 1.1 AS forecast FROM mesh.revenue.by_segment");
        awaitRecorded(chainedCtas);
    }

    @Test
    void aJoinAndAggregationIntoAnotherProductsTableHasExactColumnEdges()
    {
        assertThat(edgesInto("lake.revenue.by_segment", "DIRECT")).containsExactlyInAnyOrder(
                "mesh.crm.customers.segment -> lake.revenue.by_segment.segment",
                "mesh.sales.orders.totalprice -> lake.revenue.by_segment.revenue");
        // The INSERT confirmed an edge the CTAS made (the store refreshes last_seen at most once a minute per edge).
        assertThat(lastQueryOf("mesh.sales.orders", "totalprice", "lake.revenue.by_segment", "revenue")).isIn(joinCtas, insert);
        assertThat(lastQueryOf("mesh.crm.customers", "segment", "lake.revenue.by_segment", "segment")).isEqualTo(joinCtas);
    }

    @Test
    void aMergeRecordsItsReadsButTrinoGivesItNoColumnLineage()
    {
        AuditEntry entry = auditOf(merge);
        assertThat(entry.queryType()).isEqualTo("MERGE");
        assertThat(entry.datasets()).extracting(AuditEntry.AuditedDataset::dataset).contains("mesh.crm.customers", "lake.crm.customers", "lake.revenue.by_segment");
        // Without column lineage, what it read still feeds the target at dataset level (the target too: it merges into itself).
        assertThat(datasetsInto("lake.revenue.by_segment")).containsExactlyInAnyOrder(
                "mesh.sales.orders", "mesh.crm.customers", "lake.crm.customers", "lake.sales.orders", "lake.revenue.by_segment");
    }

    @Test
    void theRegistryLinksEachMeshDatasetToItsLakeTable()
    {
        assertThat(edgesInto("mesh.sales.orders", "CONTRACT")).containsExactlyInAnyOrder(
                "lake.sales.orders.orderkey -> mesh.sales.orders.orderkey",
                "lake.sales.orders.custkey -> mesh.sales.orders.custkey",
                "lake.sales.orders.totalprice -> mesh.sales.orders.totalprice",
                "lake.sales.orders.priority -> mesh.sales.orders.priority",
                "lake.sales.orders.clerk -> mesh.sales.orders.clerk");
    }

    @Test
    void upstreamRunsFromAChainedProductBackToTheFirstLakeTable()
    {
        LineageGraph upstream = admin().lineage("upstream", Optional.empty(), "lake.planning.forecast", Optional.of("forecast"), 5);
        assertThat(columnsAtDepth(upstream.nodes())).containsExactlyInAnyOrder(
                "0 lake.planning.forecast.forecast",
                "1 mesh.revenue.by_segment.revenue",
                "2 lake.revenue.by_segment.revenue",
                "3 mesh.sales.orders.totalprice",
                "4 lake.sales.orders.totalprice",
                // the CTAS that filled the first lake table from TPC-H
                "5 tpch.tiny.orders.totalprice");
        LineageGraph twoHops = admin().lineage("upstream", Optional.empty(), "lake.planning.forecast", Optional.of("forecast"), 2);
        assertThat(columnsAtDepth(twoHops.nodes())).containsExactlyInAnyOrder(
                "0 lake.planning.forecast.forecast",
                "1 mesh.revenue.by_segment.revenue",
                "2 lake.revenue.by_segment.revenue");
        assertThat(upstream.nodes()).filteredOn(node -> node.dataset().equals("lake.sales.orders")).extracting(LineageNode::product).containsExactly("sales");
    }

    @Test
    void impactOfALakeColumnReachesEveryDependentProductAndItsConsumers()
    {
        Impact impact = admin().impact(Optional.empty(), "lake.sales.orders", Optional.of("totalprice"), 5);
        assertThat(impact.datasets()).extracting(Impact.ImpactedDataset::dataset)
                .contains("mesh.sales.orders", "lake.revenue.by_segment", "mesh.revenue.by_segment", "lake.planning.forecast");
        assertThat(impact.products()).contains("sales", "revenue");
        assertThat(impact.consumers()).extracting(Impact.Consumer::user).contains("admin");
    }

    @Test
    void maskedAndFilteredReadsAreAuditedAndCountedAsUsage()
    {
        // The policy is in force in Trino once alice sees only urgent orders.
        Object urgent = getQueryRunner().execute(ADMIN, "SELECT count(*) FROM mesh.sales.orders WHERE priority = '1-URGENT'").getOnlyValue();
        AtomicInteger reads = new AtomicInteger();
        until("the row filter of governed_sales to reach Trino (alice reads the urgent orders only)", () -> {
            reads.incrementAndGet();
            return getQueryRunner().execute(ALICE, "SELECT count(*) FROM mesh.sales.orders").getOnlyValue();
        }, urgent::equals);
        int aliceReads = reads.get() + 2;
        String read = queryId(ALICE, "SELECT clerk, count(*) FROM mesh.sales.orders GROUP BY clerk");
        String copy = queryId(ALICE, "CREATE TABLE memory.default.clerks AS SELECT clerk, totalprice FROM mesh.sales.orders");
        awaitRecorded(copy);

        AuditEntry entry = auditOf(read);
        assertThat(entry.user()).isEqualTo("alice");
        assertThat(entry.groups()).containsExactly("analysts");
        AuditEntry.AuditedDataset orders = entry.datasets().stream().filter(dataset -> dataset.dataset().equals("mesh.sales.orders")).findFirst().orElseThrow();
        assertThat(orders.product()).isEqualTo("sales");
        assertThat(orders.directlyReferenced()).isTrue();
        assertThat(orders.columns()).contains("clerk");
        assertThat(orders.rowFilters()).singleElement().asString().contains("1-URGENT");
        assertThat(orders.columnMasks()).singleElement().satisfies(mask -> assertThat(mask.column()).isEqualTo("clerk"));

        // A copy of a masked column still has its lineage: the copy holds hashes of the clerk column.
        assertThat(edgesInto("memory.default.clerks", "DIRECT")).containsExactlyInAnyOrder(
                "mesh.sales.orders.clerk -> memory.default.clerks.clerk",
                "mesh.sales.orders.totalprice -> memory.default.clerks.totalprice");

        assertThat(admin().usage(Optional.of("sales"), Optional.of("mesh.sales.orders"), Optional.of("alice")))
                .singleElement()
                .satisfies(usage -> assertThat(usage.queries()).isEqualTo(aliceReads));
        // The same, in SQL: alice sees her own audit entries only.
        assertThat(getQueryRunner().execute(ALICE, "SELECT DISTINCT user_name FROM mesh.metadata.audit").getOnlyColumnAsSet()).containsExactly("alice");
        assertThat(getQueryRunner().execute(ADMIN, "SELECT count(DISTINCT user_name) FROM mesh.metadata.audit").getOnlyValue()).isEqualTo(2L);
        assertThat(getQueryRunner().execute(ADMIN, "SELECT queries FROM mesh.metadata.usage WHERE product = 'sales' AND dataset = 'mesh.sales.orders' AND user_name = 'alice'").getOnlyValue())
                .isEqualTo((long) aliceReads);
    }

    @Test
    void aReadOfAPinnedTableCountsAsAReadOfItsDataset()
    {
        long snapshot = (long) getQueryRunner().execute(ADMIN, """
                SELECT snapshot_id FROM lake.sales."orders$snapshots"
                WHERE snapshot_id NOT IN (SELECT parent_id FROM lake.sales."orders$snapshots" WHERE parent_id IS NOT NULL)""").getOnlyValue();
        String pinned = PinnedSnapshot.tableName("orders", snapshot);
        long before = adminReadsOfOrders();
        String read = queryId(ADMIN, "SELECT count(*) FROM mesh.sales.\"%s\"".formatted(pinned));
        awaitRecorded(read);

        AuditEntry entry = auditOf(read);
        assertThat(entry.query()).contains(pinned);
        assertThat(entry.datasets()).extracting(AuditEntry.AuditedDataset::dataset).containsExactlyInAnyOrder("lake.sales.orders", "mesh.sales.orders");
        assertThat(entry.datasets()).filteredOn(dataset -> dataset.dataset().equals("mesh.sales.orders")).singleElement()
                .satisfies(dataset -> assertThat(dataset.directlyReferenced()).isTrue());
        assertThat(adminReadsOfOrders()).isEqualTo(before + 1);
        assertThat(admin().usage(Optional.empty(), Optional.of("mesh.sales." + pinned), Optional.empty())).isEmpty();
    }

    private long adminReadsOfOrders()
    {
        return admin().usage(Optional.of("sales"), Optional.of("mesh.sales.orders"), Optional.of("admin")).stream().mapToLong(DatasetUsage::queries).sum();
    }

    @Test
    void edgesAreQueryableWithSql()
    {
        assertThat(getQueryRunner().execute(ADMIN, """
                SELECT source_dataset || '.' || source_column || ' -> ' || target_column
                FROM mesh.metadata.lineage_edges
                WHERE target_dataset = 'lake.planning.forecast' AND kind = 'DIRECT' AND source_column IS NOT NULL""").getOnlyColumnAsSet())
                .containsExactlyInAnyOrder("mesh.revenue.by_segment.segment -> segment", "mesh.revenue.by_segment.revenue -> forecast");
        // Walking the graph with a recursive query: everything lake.planning.forecast comes from.
        assertThat(getQueryRunner().execute(ADMIN, """
                WITH RECURSIVE up(dataset, column_name, depth) AS (
                    SELECT CAST('lake.planning.forecast' AS varchar), CAST('forecast' AS varchar), 0
                    UNION ALL
                    SELECT e.source_dataset, e.source_column, up.depth + 1
                    FROM up JOIN mesh.metadata.lineage_edges e ON e.target_dataset = up.dataset AND e.target_column = up.column_name
                    WHERE up.depth < 5)
                SELECT max(depth) FROM up""").getOnlyValue()).isEqualTo(5);
    }

    @Test
    void lineageEdgesInSqlShowEachPersonOnlyWhatTheyMaySee()
    {
        // eve may read no product: she sees no edge at all, not even one end of one.
        assertThat(getQueryRunner().execute(session("eve"), "SELECT count(*) FROM mesh.metadata.lineage_edges").getOnlyValue()).isEqualTo(0L);
        assertThat(getQueryRunner().execute(session("eve"), "SELECT count(*) FROM mesh.metadata.lineage_edges WHERE target_dataset = 'lake.revenue.by_segment'").getOnlyValue())
                .isEqualTo(0L);

        // alice reads sales: its edges by name, and whatever else they touch (crm, revenue, planning, TPC-H) as restricted-N.
        List<List<Object>> rows = getQueryRunner().execute(ALICE, "SELECT source_dataset, source_column, target_dataset, target_column, source_namespace, target_namespace FROM mesh.metadata.lineage_edges")
                .getMaterializedRows().stream()
                .map(MaterializedRow::getFields)
                .toList();
        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            assertThat(row.toString()).doesNotContain("crm", "revenue", "planning", "tpch", "customers");
            assertThat(List.of(row.get(0), row.get(2))).anyMatch(dataset -> dataset.toString().matches("(lake|mesh)\\.sales\\.orders"));
        });
        assertThat(rows).extracting(row -> row.get(0) + "." + row.get(1) + " -> " + row.get(2) + "." + row.get(3))
                .contains("lake.sales.orders.totalprice -> mesh.sales.orders.totalprice");
        // The join into revenue's lake table: its target is restricted, without a namespace.
        assertThat(rows).filteredOn(row -> "mesh.sales.orders".equals(row.get(0)) && "totalprice".equals(row.get(1)))
                .isNotEmpty()
                .allSatisfy(row -> {
                    assertThat(row.get(2).toString()).matches("restricted-\\d+");
                    assertThat(row.get(5)).isNull();
                });
        assertThat(getQueryRunner().execute(ALICE, "SELECT count(*) FROM mesh.metadata.lineage_edges WHERE target_dataset = 'lake.revenue.by_segment'").getOnlyValue())
                .isEqualTo(0L);
    }

    /** Column-level edges of a kind into a dataset. */
    private List<String> edgesInto(String dataset, String kind)
    {
        return admin().lineageEdges(Optional.of(dataset), 10_000).stream()
                .filter(edge -> edge.targetDataset().equals(dataset) && edge.kind().equals(kind) && edge.targetColumn() != null)
                .map(edge -> "%s.%s -> %s.%s".formatted(edge.sourceDataset(), edge.sourceColumn(), edge.targetDataset(), edge.targetColumn()))
                .toList();
    }

    /** Dataset-level edges into a dataset. */
    private List<String> datasetsInto(String dataset)
    {
        return admin().lineageEdges(Optional.of(dataset), 10_000).stream()
                .filter(edge -> edge.targetDataset().equals(dataset) && edge.targetColumn() == null)
                .map(LineageEdge::sourceDataset)
                .distinct()
                .toList();
    }

    private String lastQueryOf(String sourceDataset, String sourceColumn, String targetDataset, String targetColumn)
    {
        return admin().lineageEdges(Optional.of(targetDataset), 10_000).stream()
                .filter(edge -> edge.sourceDataset().equals(sourceDataset) && sourceColumn.equals(edge.sourceColumn())
                        && edge.targetDataset().equals(targetDataset) && targetColumn.equals(edge.targetColumn()))
                .map(LineageEdge::lastQueryId)
                .findFirst()
                .orElseThrow();
    }

    private static List<String> columnsAtDepth(List<LineageNode> nodes)
    {
        return nodes.stream()
                .filter(node -> node.column() != null)
                .map(node -> "%s %s.%s".formatted(node.depth(), node.dataset(), node.column()))
                .collect(Collectors.toList());
    }

    private AuditEntry auditOf(String queryId)
    {
        return admin().audit(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10_000).stream()
                .filter(entry -> entry.queryId().equals(queryId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("query %s is not in the audit trail".formatted(queryId)));
    }

    /** The connector polls the registry: wait until it serves the product. */
    /** Events are sent in the background: wait until the store has the query. */
    private void awaitRecorded(String queryId)
    {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (admin().audit(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10_000).stream().anyMatch(entry -> entry.queryId().equals(queryId))) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("query %s did not reach the lineage store in 30 s".formatted(queryId));
    }

    private String queryId(Session session, String sql)
    {
        return getQueryRunner().executeWithPlan(session, sql).queryId().toString();
    }

    private void run(Session session, String sql)
    {
        getQueryRunner().execute(session, sql);
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
