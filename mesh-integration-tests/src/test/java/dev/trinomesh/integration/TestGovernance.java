package dev.trinomesh.integration;

import dev.trinomesh.api.client.CatalogServiceClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.trino.Session;
import io.trino.plugin.memory.MemoryPlugin;
import io.trino.spi.security.Identity;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import io.trino.testing.TestingGroupProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.trinomesh.integration.QueryWaits.awaitServed;
import static dev.trinomesh.integration.QueryWaits.until;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code mesh} access control in a real Trino: product access, row filters, column masks (by column
 * and by classification), precedence of global over domain policies, template binding, ownership of the
 * lake, and every way around them that a consumer could try.
 */
class TestGovernance
        extends AbstractTestQueryFramework
{
    private TestingMesh mesh;
    private JettyHttpClient httpClient;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        mesh = TestingMesh.create(TestingMesh.Storage.LOCAL, Map.of("governance.admins", "user:admin"), Optional.of(Map.of("mesh.admins", "user:admin")));
        return mesh.runner();
    }

    private CatalogServiceClient as(String user)
    {
        return mesh.service().client(httpClient, user);
    }

    private static final Map<String, Set<String>> GROUPS = new HashMap<>();

    private static Session user(String name, String... groups)
    {
        GROUPS.put(name, Set.of(groups));
        return testSessionBuilder()
                .setIdentity(Identity.forUser(name).withGroups(Set.of(groups)).build())
                .setCatalog("mesh")
                .setSchema("information_schema")
                .build();
    }

    private static final Session ADMIN = user("admin");
    private static final Session ALICE = user("alice", "analysts");
    private static final Session BOB = user("bob", "analysts", "pii-readers");
    private static final Session MALLORY = user("mallory", "analysts");
    private static final Session IVAN = user("ivan", "analysts", "interns");
    private static final Session EVE = user("eve");
    private static final Session SAM = user("sam", "sales-team");
    private static final Session EXEC = user("xena", "executives");

    @BeforeAll
    void setUp()
    {
        // Trino resolves a session's groups on the server, as it would from a group file or LDAP.
        TestingGroupProvider groups = new TestingGroupProvider();
        groups.setUserGroups(GROUPS);
        getQueryRunner().getGroupProvider().setConfiguredGroupProvider(groups);
        httpClient = new JettyHttpClient(new HttpClientConfig());
        getQueryRunner().installPlugin(new MemoryPlugin());
        getQueryRunner().createCatalog("memory", "memory");
        getQueryRunner().execute(ADMIN, "CREATE SCHEMA lake.orders_p");
        getQueryRunner().execute(ADMIN, """
                CREATE TABLE lake.orders_p.orders AS
                SELECT orderkey, CASE orderkey % 3 WHEN 0 THEN 'EUROPE' WHEN 1 THEN 'ASIA' ELSE 'AMERICA' END AS region, clerk, totalprice
                FROM tpch.tiny.orders""");
        as("sam").applyProduct("orders_p", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: orders_p, domain: sales, owner: group:sales-team, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.orders_p.orders}
                      columns:
                        - {name: orderkey, type: bigint}
                        - {name: region, type: varchar}
                        - {name: clerk, type: varchar, classification: pii}
                        - {name: totalprice, type: double, classification: confidential}
                  access:
                    consumers: [group:analysts, group:finance]
                """, Optional.empty(), false);
        as("fay").applyProduct("revenue_p", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: revenue_p, domain: finance, owner: group:finance, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: by_region
                      source: {sql: "SELECT region, sum(totalprice) AS revenue, count(*) AS orders FROM orders_p.orders GROUP BY region"}
                      columns:
                        - {name: region, type: varchar}
                        - {name: revenue, type: double}
                        - {name: orders, type: bigint}
                  access:
                    consumers: [group:executives]
                """, Optional.empty(), false);
        as("admin").applyPolicy("pii_hashed", """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: pii_hashed, scope: global, description: Personal data is hashed unless you may read it}
                spec:
                  rules:
                    - {type: columnMask, classification: pii, mask: hash, except: [group:pii-readers]}
                    - {type: deny, principals: [group:interns]}
                """, Optional.empty(), false);
        as("admin").applyPolicy("sales_rules", """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: sales_rules, scope: domain, domain: sales}
                spec:
                  rules:
                    - {type: rowFilter, product: orders_p, principals: [group:analysts], expression: "region = ${user.region}"}
                    - {type: columnMask, product: orders_p, columns: [totalprice], mask: "null", principals: [group:analysts], except: [group:pii-readers]}
                    - {type: columnMask, product: orders_p, columns: [clerk], expression: "${column}"}
                    - {type: rowFilter, product: orders_p, principals: [user:bob], expression: "orderkey <= 30000"}
                """, Optional.empty(), false);
        as("admin").setUserAttributes("bob", Map.of("region", "ASIA"));
        as("admin").setUserAttributes("mallory", Map.of("region", "EUROPE' OR 1=1 --"));
        // Last: alice's filtered read shows this write, so every write above has reached the access control too.
        as("admin").setUserAttributes("alice", Map.of("region", "EUROPE"));
        awaitGovernanceRevision();
        awaitServed(getQueryRunner(), ADMIN, "revenue_p");
    }

    @AfterAll
    void tearDown()
    {
        httpClient.close();
    }

    /**
     * The access control long-polls: wait until it has the snapshot with the last write of {@link #setUp()}
     * (alice listing orders_p and reading the EUROPE third of it), which holds every write before it.
     */
    private void awaitGovernanceRevision()
    {
        until("the policies and alice's attributes to reach Trino (alice lists 1 table of orders_p and reads 5000 rows)",
                () -> List.of(scalar(ALICE, "SELECT count(*) FROM mesh.information_schema.tables WHERE table_schema = 'orders_p'"), scalar(ALICE, "SELECT count(*) FROM mesh.orders_p.orders")),
                List.of(1L, 5000L)::equals);
    }

    private Object scalar(Session session, String sql)
    {
        try {
            return getQueryRunner().execute(session, sql).getOnlyValue();
        }
        catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private MaterializedResult run(Session session, String sql)
    {
        return getQueryRunner().execute(session, sql);
    }

    private void assertDenied(Session session, String sql, String message)
    {
        assertThatThrownBy(() -> run(session, sql)).hasMessageContaining("Access Denied").hasMessageContaining(message);
    }

    @Test
    void rowFiltersBindUserAttributesAsLiterals()
    {
        assertThat(run(ALICE, "SELECT DISTINCT region FROM mesh.orders_p.orders").getOnlyColumnAsSet()).containsExactly("EUROPE");
        // Every filter that concerns a user applies: bob's region, and a second filter on him alone.
        assertThat(scalar(BOB, "SELECT count(*) FROM mesh.orders_p.orders"))
                .isEqualTo(scalar(ADMIN, "SELECT count(*) FROM mesh.orders_p.orders WHERE region = 'ASIA' AND orderkey <= 30000"))
                .isNotEqualTo(5000L);
        assertThat(run(BOB, "SELECT DISTINCT region FROM mesh.orders_p.orders").getOnlyColumnAsSet()).containsExactly("ASIA");
        // A quote, a comment and OR 1=1 in an attribute stay inside the literal: no row matches it.
        assertThat(scalar(MALLORY, "SELECT count(*) FROM mesh.orders_p.orders")).isEqualTo(0L);
        // The filter concerns analysts only; the owners and admins see every row.
        assertThat(scalar(SAM, "SELECT count(*) FROM mesh.orders_p.orders")).isEqualTo(15000L);
        assertThat(scalar(ADMIN, "SELECT count(*) FROM mesh.orders_p.orders")).isEqualTo(15000L);
    }

    @Test
    void columnsAreMaskedByClassificationAndByName()
    {
        MaterializedResult alice = run(ALICE, "SELECT clerk, totalprice FROM mesh.orders_p.orders WHERE orderkey = 3");
        assertThat((String) alice.getMaterializedRows().getFirst().getField(0)).matches("[0-9A-F]{64}");
        assertThat(alice.getMaterializedRows().getFirst().getField(1)).isNull();
        MaterializedResult bob = run(BOB, "SELECT clerk, totalprice FROM mesh.orders_p.orders WHERE orderkey = 1");
        assertThat((String) bob.getMaterializedRows().getFirst().getField(0)).startsWith("Clerk#");
        assertThat(bob.getMaterializedRows().getFirst().getField(1)).isNotNull();
        // A hash is stable, so masked columns can still be joined and counted.
        assertThat(scalar(ALICE, "SELECT count(DISTINCT clerk) FROM mesh.orders_p.orders")).isEqualTo(scalar(ADMIN, "SELECT count(DISTINCT clerk) FROM mesh.orders_p.orders WHERE region = 'EUROPE'"));
    }

    @Test
    void aDomainPolicyCannotLiftAGlobalMask()
    {
        // sales_rules maps clerk to itself for everyone, but the global pii mask comes first.
        assertThat((String) scalar(SAM, "SELECT clerk FROM mesh.orders_p.orders WHERE orderkey = 1")).matches("[0-9A-F]{64}");
    }

    @Test
    void denyWinsOverBeingAConsumer()
    {
        assertDenied(IVAN, "SELECT count(*) FROM mesh.orders_p.orders", "denied by global policy 'pii_hashed' rule 2");
    }

    @Test
    void nonConsumersAreDeniedAndDoNotSeeTheProduct()
    {
        assertDenied(EVE, "SELECT count(*) FROM mesh.orders_p.orders", "eve is not a consumer of product 'orders_p' (ask its owner group:sales-team");
        assertThat(run(EVE, "SHOW SCHEMAS FROM mesh").getOnlyColumnAsSet()).containsExactlyInAnyOrder("information_schema", "metadata");
        assertThat(scalar(EVE, "SELECT count(*) FROM mesh.information_schema.columns WHERE table_schema = 'orders_p'")).isEqualTo(0L);
        assertThat(scalar(EVE, "SELECT count(*) FROM system.jdbc.tables WHERE table_cat = 'mesh' AND table_schem = 'orders_p'")).isEqualTo(0L);
        assertThat(scalar(EVE, "SELECT count(*) FROM mesh.metadata.products")).isEqualTo(0L);
        assertThat(run(ALICE, "SELECT product FROM mesh.metadata.products").getOnlyColumnAsSet()).containsExactly("orders_p");
        assertThat(run(ALICE, "SHOW SCHEMAS FROM mesh").getOnlyColumnAsSet()).contains("orders_p").doesNotContain("revenue_p");
        assertDenied(EVE, "SHOW CREATE VIEW mesh.orders_p.orders", "not a consumer");
        assertDenied(EVE, "EXPLAIN SELECT * FROM mesh.orders_p.orders", "not a consumer");
        assertDenied(EVE, "DESCRIBE mesh.orders_p.orders", "not a consumer");
    }

    @Test
    void consumersCannotReachTheLakeBehindTheMesh()
    {
        String message = "lake namespace 'orders_p' belongs to product 'orders_p' (owner group:sales-team); read its data through the mesh catalog";
        assertDenied(ALICE, "SELECT count(*) FROM lake.orders_p.orders", message);
        assertDenied(ALICE, "SELECT * FROM lake.orders_p.\"orders$snapshots\"", message);
        assertDenied(ALICE, "SELECT * FROM lake.orders_p.\"orders$files\"", message);
        assertDenied(ALICE, "SHOW TABLES FROM lake.orders_p", message);
        assertThat(scalar(ALICE, "SELECT count(*) FROM lake.information_schema.tables WHERE table_schema = 'orders_p'")).isEqualTo(0L);
        assertThat(run(ALICE, "SHOW SCHEMAS FROM lake").getOnlyColumnAsSet()).doesNotContain("orders_p");
        // Table functions and procedures of the lake take any table as an argument.
        assertThatThrownBy(() -> run(ALICE, "SELECT * FROM TABLE(lake.system.table_changes('orders_p', 'orders', 0))")).hasMessageContaining("Access Denied");
        assertDenied(ALICE, "CALL lake.system.rollback_to_snapshot('orders_p', 'orders', 1)", "only admins may");
        // A view of one's own cannot read the lake as anyone else.
        assertDenied(ALICE, "CREATE VIEW lake.orders_p.mine AS SELECT * FROM lake.orders_p.orders", "only its owner group:sales-team may change it");
    }

    @Test
    void viewsRunAsTheirProductAndNobodyCanBecomeOne()
    {
        // revenue_p's view reads orders_p as product:revenue_p, a consumer through its owner group:finance;
        // the analysts' row filter does not concern it, so the executives see all regions.
        assertThat(run(EXEC, "SELECT region FROM mesh.revenue_p.by_region").getOnlyColumnAsSet()).containsExactlyInAnyOrder("EUROPE", "ASIA", "AMERICA");
        assertThat(scalar(EXEC, "SELECT sum(orders) FROM mesh.revenue_p.by_region")).isEqualTo(15000L);
        assertDenied(EXEC, "SELECT count(*) FROM mesh.orders_p.orders", "not a consumer");
        assertDenied(ALICE, "SET SESSION AUTHORIZATION 'product:orders_p'", "product identities are reserved");
        // Without authentication a client can claim any user name; a product identity runs no query of its own.
        assertDenied(user("product:orders_p"), "SELECT count(*) FROM lake.orders_p.orders", "product identities");
    }

    @Test
    void viewsOfOtherCatalogsDoNotReshareGovernedData()
    {
        // The owner's raw lake data would escape the global pii mask through his definer view.
        run(SAM, "CREATE VIEW memory.default.raw_clerks SECURITY DEFINER AS SELECT orderkey, clerk FROM lake.orders_p.orders");
        assertThat((String) scalar(SAM, "SELECT clerk FROM memory.default.raw_clerks WHERE orderkey = 1")).startsWith("Clerk#");
        assertDenied(ALICE, "SELECT clerk FROM memory.default.raw_clerks WHERE orderkey = 1", "only a data product's views share mesh and lake data");
        // Nor can a consumer hand her own access to someone who has none.
        run(ALICE, "CREATE VIEW memory.default.alices_orders SECURITY DEFINER AS SELECT orderkey, region FROM mesh.orders_p.orders");
        assertDenied(EVE, "SELECT count(*) FROM memory.default.alices_orders", "only a data product's views share mesh and lake data");
        // An invoker's view reads as whoever queries it.
        run(ALICE, "CREATE VIEW memory.default.invoker_orders SECURITY INVOKER AS SELECT orderkey, region FROM mesh.orders_p.orders");
        assertDenied(EVE, "SELECT count(*) FROM memory.default.invoker_orders", "not a consumer");
        assertThat(scalar(BOB, "SELECT DISTINCT region FROM memory.default.invoker_orders")).isEqualTo("ASIA");
    }

    @Test
    void onlyTheOwnersWriteTheirNamespace()
    {
        run(SAM, "CREATE TABLE lake.orders_p.sam_scratch (id bigint)");
        run(SAM, "INSERT INTO lake.orders_p.sam_scratch VALUES (1)");
        assertThat(scalar(SAM, "SELECT count(*) FROM lake.orders_p.sam_scratch")).isEqualTo(1L);
        assertDenied(ALICE, "INSERT INTO lake.orders_p.sam_scratch VALUES (2)", "only its owner group:sales-team may change it");
        assertDenied(ALICE, "DROP TABLE lake.orders_p.sam_scratch", "only its owner group:sales-team may change it");
        assertDenied(SAM, "CREATE SCHEMA lake.nobodys", "belongs to no data product");
        assertDenied(SAM, "ALTER TABLE lake.orders_p.sam_scratch SET AUTHORIZATION USER alice", "only admins may");
        assertDenied(ALICE, "CREATE TABLE mesh.orders_p.copy AS SELECT 1 AS x", "the mesh catalog is read-only");
        run(SAM, "DROP TABLE lake.orders_p.sam_scratch");
    }
}
