package dev.trinomesh.access;

import dev.trinomesh.api.governance.CompiledGovernance;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaRoutineName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.BasicPrincipal;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.ViewExpression;
import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static dev.trinomesh.api.governance.GovernanceFixtures.ORDERS;
import static dev.trinomesh.api.governance.GovernanceFixtures.REVENUE;
import static dev.trinomesh.api.governance.GovernanceFixtures.snapshot;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SPI mapping: listing settings, fail-closed, product and pipeline identities. (Query-level tests: mesh-integration-tests.) */
class TestMeshAccessControl
{
    private static final CompiledGovernance GOVERNANCE = CompiledGovernance.compile(snapshot(List.of(ORDERS, REVENUE), List.of(), Map.of()), List.of("user:admin"));
    private static final Set<String> SCHEMAS = Set.of("information_schema", "metadata", "orders", "revenue", "unknown");

    private static SystemSecurityContext context(String user, String... groups)
    {
        return new SystemSecurityContext(Identity.forUser(user).withGroups(Set.of(groups)).build(), QueryId.valueOf("q"), Instant.now());
    }

    private static MeshAccessControl control(GovernanceSource source, boolean listRestricted)
    {
        return new MeshAccessControl(source, new MeshAccessControlConfig().setListRestrictedProducts(listRestricted));
    }

    /** As etc/trino/mesh-access-control.properties configures it: the service's principal and the checks' identity. */
    private static MeshAccessControl configured(CompiledGovernance governance)
    {
        return new MeshAccessControl(GovernanceSource.of(governance), new MeshAccessControlConfig()
                .setAdmins(List.of("user:admin", "group:platform"))
                .setImpersonators(List.of("user:mesh-service"))
                .setUnfilteredReaders(List.of("user:mesh-quality")));
    }

    private static Identity actingFor(String user, String principal, String... groups)
    {
        return Identity.forUser(user).withGroups(Set.of(groups)).withPrincipal(new BasicPrincipal(principal)).build();
    }

    @Test
    void restrictedProductsAreListedOnlyWhenConfigured()
    {
        SystemSecurityContext alice = context("alice", "analysts");
        assertThat(control(GovernanceSource.of(GOVERNANCE), false).filterSchemas(alice, "mesh", SCHEMAS)).containsExactlyInAnyOrder("information_schema", "metadata", "orders");
        assertThat(control(GovernanceSource.of(GOVERNANCE), true).filterSchemas(alice, "mesh", SCHEMAS)).containsExactlyInAnyOrder("information_schema", "metadata", "orders", "revenue");
        assertThat(control(GovernanceSource.of(GOVERNANCE), true).filterTables(alice, "mesh", Set.of(new SchemaTableName("revenue", "totals"), new SchemaTableName("revenue", "nope"))))
                .containsExactly(new SchemaTableName("revenue", "totals"));
        // Listed is not readable.
        assertThatThrownBy(() -> control(GovernanceSource.of(GOVERNANCE), true).checkCanSelectFromColumns(alice, new CatalogSchemaTableName("mesh", "revenue", "totals"), Set.of("total")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("alice is not a consumer of product 'revenue'");
        // Other catalogs are the other access control's to decide.
        assertThat(control(GovernanceSource.of(GOVERNANCE), false).filterSchemas(alice, "tpch", Set.of("tiny", "sf1"))).containsExactlyInAnyOrder("tiny", "sf1");
    }

    @Test
    void usageAndQualityResultsShowRowsOfProductsTheUserMayRead()
    {
        MeshAccessControl control = control(GovernanceSource.of(GOVERNANCE), false);
        for (String table : List.of("usage", "quality_results", "metrics")) {
            CatalogSchemaTableName discovery = new CatalogSchemaTableName("mesh", "metadata", table);
            assertThat(control.getRowFilters(context("alice", "analysts"), discovery)).extracting(ViewExpression::getExpression).containsExactly("product IN ('orders')");
            assertThat(control.getRowFilters(context("mallory"), discovery)).extracting(ViewExpression::getExpression).containsExactly("false");
            assertThat(control.getRowFilters(context("admin"), discovery)).isEmpty();
            // Listing restricted products lists their rows too (still without their data).
            assertThat(control(GovernanceSource.of(GOVERNANCE), true).getRowFilters(context("alice", "analysts"), discovery)).isEmpty();
        }
    }

    @Test
    void withoutGovernanceOnlyAdminsPass()
    {
        GovernanceSource unavailable = new GovernanceSource()
        {
            @Override
            public Optional<CompiledGovernance> current()
            {
                return Optional.empty();
            }

            @Override
            public String unavailableReason()
            {
                return "the catalog service at http://svc did not answer";
            }
        };
        MeshAccessControl control = control(unavailable, false);
        assertThatThrownBy(() -> control.checkCanExecuteQuery(Identity.ofUser("alice"), QueryId.valueOf("q")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: mesh governance is unavailable, so only administrators have access until the catalog service answers again: the catalog service at http://svc did not answer");
        assertThatThrownBy(() -> control.filterSchemas(context("alice"), "mesh", SCHEMAS)).isInstanceOf(AccessDeniedException.class);
        control.checkCanExecuteQuery(Identity.ofUser("admin"), QueryId.valueOf("q"));
        assertThat(control.filterSchemas(context("admin"), "mesh", SCHEMAS)).isEqualTo(SCHEMAS);
        control.checkCanSelectFromColumns(context("admin"), new CatalogSchemaTableName("lake", "orders", "orders"), Set.of("id"));
    }

    @Test
    void theOneColumnFormOfMasksMasksAsTheBulkFormDoes()
    {
        String mask = """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: hide_pii, scope: global}
                spec:
                  rules:
                    - {type: columnMask, classification: pii, mask: hash}
                """;
        MeshAccessControl control = control(GovernanceSource.of(CompiledGovernance.compile(snapshot(List.of(ORDERS, REVENUE), List.of(mask), Map.of()), List.of("user:admin"))), false);
        CatalogSchemaTableName orders = new CatalogSchemaTableName("mesh", "orders", "orders");
        ColumnSchema email = ColumnSchema.builder().setName("email").setType(VARCHAR).build();
        ViewExpression bulk = control.getColumnMasks(context("alice", "analysts"), orders, List.of(email)).get(email);
        assertThat(bulk).isNotNull();
        @SuppressWarnings("deprecation")
        Optional<ViewExpression> single = control.getColumnMask(context("alice", "analysts"), orders, "email", VARCHAR);
        assertThat(single).map(ViewExpression::getExpression).contains(bulk.getExpression());
        @SuppressWarnings("deprecation")
        Optional<ViewExpression> unclassified = control.getColumnMask(context("alice", "analysts"), orders, "region", VARCHAR);
        assertThat(unclassified).isEmpty();
    }

    @Test
    void aPinnedTableIsDecidedAsTheTableItPinsOnEveryPath()
    {
        String policies = """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: guard, scope: global}
                spec:
                  rules:
                    - {type: columnMask, classification: pii, mask: hash}
                    - {type: rowFilter, product: orders, datasets: [orders], expression: "region = 'EU'"}
                    - {type: deny, product: orders, principals: [user:eve]}
                """;
        MeshAccessControl control = control(GovernanceSource.of(CompiledGovernance.compile(snapshot(List.of(ORDERS, REVENUE), List.of(policies), Map.of()), List.of("user:admin"))), false);
        CatalogSchemaTableName orders = new CatalogSchemaTableName("mesh", "orders", "orders");
        CatalogSchemaTableName pinned = new CatalogSchemaTableName("mesh", "orders", "orders@snapshot:8123456789");
        List<ColumnSchema> columns = List.of(
                ColumnSchema.builder().setName("id").setType(BIGINT).build(),
                ColumnSchema.builder().setName("region").setType(VARCHAR).build(),
                ColumnSchema.builder().setName("email").setType(VARCHAR).build());
        for (String user : List.of("alice", "eve", "mallory")) {
            SystemSecurityContext context = context(user, user.equals("mallory") ? new String[0] : new String[] {"analysts"});
            assertThat(outcome(() -> control.checkCanSelectFromColumns(context, pinned, Set.of("id")))).as(user)
                    .isEqualTo(outcome(() -> control.checkCanSelectFromColumns(context, orders, Set.of("id"))).replace("mesh.orders.orders", "mesh.orders.orders@snapshot:8123456789"));
            assertThat(outcome(() -> control.checkCanShowColumns(context, pinned))).as(user)
                    .isEqualTo(outcome(() -> control.checkCanShowColumns(context, orders)).replace("mesh.orders.orders", "mesh.orders.orders@snapshot:8123456789"));
            assertThat(control.getRowFilters(context, pinned)).extracting(ViewExpression::getExpression).as(user)
                    .isEqualTo(control.getRowFilters(context, orders).stream().map(ViewExpression::getExpression).toList());
            assertThat(masks(control.getColumnMasks(context, pinned, columns))).as(user).isEqualTo(masks(control.getColumnMasks(context, orders, columns)));
            assertThat(control.filterTables(context, "mesh", Set.of(pinned.getSchemaTableName())).isEmpty()).as(user)
                    .isEqualTo(control.filterTables(context, "mesh", Set.of(orders.getSchemaTableName())).isEmpty());
            assertThat(control.filterColumns(context, pinned, Set.of("id", "email"))).as(user).isEqualTo(control.filterColumns(context, orders, Set.of("id", "email")));
        }
        // What alice gets, spelled out: the dataset's filter and its pii masks.
        SystemSecurityContext alice = context("alice", "analysts");
        control.checkCanSelectFromColumns(alice, pinned, Set.of("id", "email"));
        assertThat(control.getRowFilters(alice, pinned)).extracting(ViewExpression::getExpression).containsExactly("region = 'EU'");
        assertThat(control.getColumnMasks(alice, pinned, columns).keySet()).extracting(ColumnSchema::getName).containsExactlyInAnyOrder("id", "email");
        assertThatThrownBy(() -> control.checkCanSelectFromColumns(context("mallory"), pinned, Set.of("id")))
                .hasMessage("Access Denied: Cannot select from mesh.orders.orders@snapshot:8123456789: mallory is not a consumer of product 'orders' " +
                        "(ask its owner group:sales-team to add you to access.consumers, or a governance policy to grant access)");
        // A name that pins nothing the product has is unknown, as any other.
        assertThatThrownBy(() -> control.checkCanSelectFromColumns(alice, new CatalogSchemaTableName("mesh", "orders", "nope@snapshot:1"), Set.of("id")))
                .hasMessageContaining("product 'orders' has no dataset 'nope@snapshot:1'");
    }

    private static Map<String, String> masks(Map<ColumnSchema, ViewExpression> masks)
    {
        Map<String, String> byColumn = new TreeMap<>();
        masks.forEach((column, mask) -> byColumn.put(column.getName(), mask.getExpression()));
        return byColumn;
    }

    /** The message an access check fails with, or "allowed". */
    private static String outcome(Runnable check)
    {
        try {
            check.run();
            return "allowed";
        }
        catch (AccessDeniedException e) {
            return e.getMessage();
        }
    }

    @Test
    void productIdentitiesRunOnlyTheirViews()
    {
        MeshAccessControl control = control(GovernanceSource.of(GOVERNANCE), false);
        assertThatThrownBy(() -> control.checkCanExecuteQuery(Identity.ofUser("product:orders"), QueryId.valueOf("q")))
                .hasMessageContaining("product identities only run their products' views");
        assertThatThrownBy(() -> control.checkCanImpersonateUser(Identity.ofUser("admin"), "product:orders"))
                .hasMessageContaining("product identities are reserved");
        // Not even the service's principal acts for a product.
        assertThatThrownBy(() -> configured(GOVERNANCE).checkCanImpersonateUser(Identity.ofUser("mesh-service"), "product:orders"))
                .hasMessage("Access Denied: User mesh-service cannot impersonate user product:orders: product identities are reserved for the views of their products; nobody may act for one (query the product's datasets in the mesh catalog instead)");
        // As a view's owner, a product reads its own namespace, but never writes it.
        control.checkCanSelectFromColumns(context("product:orders"), new CatalogSchemaTableName("lake", "orders", "orders"), Set.of("id"));
        assertThatThrownBy(() -> control.checkCanInsertIntoTable(context("product:orders"), new CatalogSchemaTableName("lake", "orders", "orders")))
                .hasMessageContaining("only its owner group:sales-team may change it");
        control.checkCanInsertIntoTable(context("sam", "sales-team"), new CatalogSchemaTableName("lake", "orders", "orders"));
    }

    @Test
    void onlyTheImpersonatorsActForPeopleAndNeverForAnAdministrator()
    {
        MeshAccessControl control = configured(GOVERNANCE);
        control.checkCanImpersonateUser(Identity.ofUser("mesh-service"), "alice");
        control.checkCanImpersonateUser(Identity.ofUser("mesh-service"), "mesh-quality");
        assertThatThrownBy(() -> control.checkCanImpersonateUser(Identity.ofUser("alice"), "bob"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: User alice cannot impersonate user bob: only the service principals listed in the mesh access control's mesh.impersonators act for other users; sign in as bob instead");
        // An admin is not an impersonator either.
        assertThatThrownBy(() -> control.checkCanImpersonateUser(Identity.ofUser("admin"), "alice"))
                .hasMessageContaining("only the service principals listed in the mesh access control's mesh.impersonators");
        assertThatThrownBy(() -> control.checkCanImpersonateUser(Identity.ofUser("mesh-service"), "admin"))
                .hasMessage("Access Denied: User mesh-service cannot impersonate user admin: administrators are never acted for; admin signs in to Trino themselves");
        // An admin through a group is known only once the session has the groups: its queries are refused.
        assertThatThrownBy(() -> control.checkCanExecuteQuery(actingFor("pat", "mesh-service", "platform"), QueryId.valueOf("q")))
                .hasMessage("Access Denied: Cannot run a query as pat through mesh-service: administrators are never acted for; pat signs in to Trino themselves");
        control.checkCanExecuteQuery(actingFor("alice", "mesh-service", "analysts"), QueryId.valueOf("q"));
        control.checkCanExecuteQuery(actingFor("pat", "pat", "platform"), QueryId.valueOf("q"));
        // Nobody impersonates when nobody is configured to.
        assertThatThrownBy(() -> control(GovernanceSource.of(GOVERNANCE), false).checkCanImpersonateUser(Identity.ofUser("mesh-service"), "alice"))
                .hasMessageContaining("mesh.impersonators");
    }

    @Test
    void peopleSeeAndKillOnlyTheirOwnQueries()
    {
        MeshAccessControl control = configured(GOVERNANCE);
        Identity alice = Identity.forUser("alice").withGroups(Set.of("analysts")).build();
        Identity bob = Identity.ofUser("bob");
        Identity eve = Identity.ofUser("eve");
        assertThat(control.filterViewQueryOwnedBy(eve, List.of(alice, bob, eve))).containsExactly(eve);
        assertThat(control.filterViewQueryOwnedBy(alice, List.of(alice, bob))).containsExactly(alice);
        assertThat(control.filterViewQueryOwnedBy(Identity.ofUser("admin"), List.of(alice, bob, eve))).containsExactlyInAnyOrder(alice, bob, eve);
        assertThat(control.filterViewQueryOwnedBy(Identity.forUser("pat").withGroups(Set.of("platform")).build(), List.of(alice, bob))).containsExactlyInAnyOrder(alice, bob);
        // The checks' identity reads every product, and still sees only its own queries.
        assertThat(control.filterViewQueryOwnedBy(Identity.ofUser("mesh-quality"), List.of(alice, bob))).isEmpty();

        assertThatThrownBy(() -> control.checkCanViewQueryOwnedBy(eve, alice))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Cannot view query: eve sees only their own queries; an administrator sees everyone's");
        assertThatThrownBy(() -> control.checkCanKillQueryOwnedBy(eve, alice))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Cannot kill query: eve may kill only their own queries; ask an administrator to kill another user's");
        control.checkCanViewQueryOwnedBy(eve, eve);
        control.checkCanKillQueryOwnedBy(eve, eve);
        control.checkCanViewQueryOwnedBy(Identity.ofUser("admin"), alice);
        control.checkCanKillQueryOwnedBy(Identity.ofUser("admin"), alice);
    }

    @Test
    void theUnfilteredReaderReadsEveryProductUnmaskedAndDoesNothingElse()
    {
        String policies = """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: guard, scope: global}
                spec:
                  rules:
                    - {type: columnMask, classification: pii, mask: hash}
                    - {type: rowFilter, product: orders, expression: "region = 'EU'"}
                    - {type: deny, product: revenue, principals: [user:mesh-quality]}
                """;
        MeshAccessControl control = configured(CompiledGovernance.compile(snapshot(List.of(ORDERS, REVENUE), List.of(policies), Map.of()), List.of("user:admin")));
        SystemSecurityContext quality = context("mesh-quality");
        CatalogSchemaTableName orders = new CatalogSchemaTableName("mesh", "orders", "orders");
        ColumnSchema email = ColumnSchema.builder().setName("email").setType(VARCHAR).build();
        // Reads every dataset (a deny does not reach it), with no row filter and no mask.
        control.checkCanSelectFromColumns(quality, orders, Set.of("id", "email"));
        control.checkCanSelectFromColumns(quality, new CatalogSchemaTableName("mesh", "revenue", "totals"), Set.of("total"));
        assertThat(control.getRowFilters(quality, orders)).isEmpty();
        assertThat(control.getColumnMasks(quality, orders, List.of(email))).isEmpty();
        assertThat(control.filterSchemas(quality, "mesh", SCHEMAS)).containsExactlyInAnyOrder("information_schema", "metadata", "orders", "revenue");
        // ... as others still read it filtered and masked.
        assertThat(control.getRowFilters(context("alice", "analysts"), orders)).isNotEmpty();
        assertThat(control.getColumnMasks(context("alice", "analysts"), orders, List.of(email))).isNotEmpty();
        // Reads the lake namespaces of products, and no other.
        control.checkCanSelectFromColumns(quality, new CatalogSchemaTableName("lake", "orders", "orders"), Set.of("id"));
        assertThatThrownBy(() -> control.checkCanSelectFromColumns(quality, new CatalogSchemaTableName("lake", "scratch", "t"), Set.of("id")))
                .hasMessageContaining("lake namespace 'scratch' belongs to no data product; only admins may use it");
        // Writes nothing, and is an admin of nothing.
        assertThatThrownBy(() -> control.checkCanInsertIntoTable(quality, new CatalogSchemaTableName("lake", "orders", "orders")))
                .hasMessageContaining("only its owner group:sales-team may change it");
        assertThatThrownBy(() -> control.checkCanCreateTable(quality, new CatalogSchemaTableName("lake", "orders", "copy"), Map.of()))
                .hasMessageContaining("only its owner group:sales-team may change it");
        assertThatThrownBy(() -> control.checkCanExecuteProcedure(quality, new CatalogSchemaRoutineName("lake", "system", "rollback_to_snapshot")))
                .hasMessageContaining("only admins may");
        assertThatThrownBy(() -> control.checkCanCreateViewWithSelectFromColumns(quality, orders, Set.of("id")))
                .hasMessageContaining("only a data product's views share mesh and lake data");
        // Its own audit rows only.
        assertThat(control.getRowFilters(quality, new CatalogSchemaTableName("mesh", "metadata", "audit"))).extracting(ViewExpression::getExpression)
                .containsExactly("user_name = 'mesh-quality'");
    }

    /**
     * Revenue (owned by finance) has a pipeline declaring orders (finance consumes it), invoices (which names
     * product:revenue) and ledger (which lets neither read). Budgets has revenue's owner, lets product:revenue read,
     * and is not declared.
     */
    private static final CompiledGovernance PIPELINES = CompiledGovernance.compile(snapshot(
            List.of(ORDERS.replace("[group:analysts]", "[group:analysts, group:finance]"), REVENUE,
                    product("invoices", "group:billing", "product:revenue"),
                    product("ledger", "group:accounting", "group:analysts"),
                    product("budgets", "group:finance", "product:revenue")),
            List.of("""
                    apiVersion: mesh/v1
                    kind: Policy
                    metadata: {name: guard, scope: global}
                    spec:
                      rules:
                        - {type: columnMask, classification: pii, mask: hash}
                        - {type: rowFilter, product: orders, principals: [group:finance], expression: "region = 'EU'"}
                    """),
            Map.of()).withPipelineUpstreams(Map.of("revenue", List.of("orders", "invoices", "ledger"))), List.of("user:admin"));
    private static final Set<String> PIPELINE_SCHEMAS = Set.of("information_schema", "metadata", "orders", "revenue", "invoices", "ledger", "budgets");

    private static String product(String name, String owner, String consumers)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: finance, owner: %s, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: facts
                      source: {sql: "SELECT 1 AS id"}
                      columns: [{name: id, type: bigint}]
                  access:
                    consumers: [%s]
                """.formatted(name, owner, consumers);
    }

    @Test
    void aPipelineReadsItsProductAndTheUpstreamsItDeclaresAsItsProduct()
    {
        MeshAccessControl control = configured(PIPELINES);
        SystemSecurityContext pipeline = context("pipeline:revenue");
        // A declared upstream whose consumers hold the product's owner, or the product; its own product.
        control.checkCanSelectFromColumns(pipeline, new CatalogSchemaTableName("mesh", "orders", "orders"), Set.of("id", "email"));
        control.checkCanSelectFromColumns(pipeline, new CatalogSchemaTableName("mesh", "invoices", "facts"), Set.of("id"));
        control.checkCanSelectFromColumns(pipeline, new CatalogSchemaTableName("mesh", "revenue", "totals"), Set.of("total"));
        // Not a product it did not declare, though the product (and its owner) may read it.
        control.checkCanSelectFromColumns(context("product:revenue"), new CatalogSchemaTableName("mesh", "budgets", "facts"), Set.of("id"));
        control.checkCanSelectFromColumns(context("fiona", "finance"), new CatalogSchemaTableName("mesh", "budgets", "facts"), Set.of("id"));
        assertThatThrownBy(() -> control.checkCanSelectFromColumns(pipeline, new CatalogSchemaTableName("mesh", "budgets", "facts"), Set.of("id")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Cannot select from mesh.budgets.facts: pipeline:revenue, the pipeline of product 'revenue', reads only its product and the upstream products " +
                        "its pipeline declares; declare 'budgets' in the pipeline's spec.upstream");
        // Nor a declared one whose consumers do not let the product read.
        assertThatThrownBy(() -> control.checkCanSelectFromColumns(pipeline, new CatalogSchemaTableName("mesh", "ledger", "facts"), Set.of("id")))
                .hasMessage("Access Denied: Cannot select from mesh.ledger.facts: pipeline:revenue, the pipeline of product 'revenue', reads as its product, which is not a consumer " +
                        "of product 'ledger' (ask its owner group:accounting to add product:revenue to access.consumers, or a governance policy to grant access)");
        // Listings and discovery say the same.
        assertThat(control.filterSchemas(pipeline, "mesh", PIPELINE_SCHEMAS)).containsExactlyInAnyOrder("information_schema", "metadata", "orders", "revenue", "invoices");
        assertThat(control.filterTables(pipeline, "mesh", Set.of(new SchemaTableName("orders", "orders"), new SchemaTableName("budgets", "facts"), new SchemaTableName("ledger", "facts"))))
                .containsExactly(new SchemaTableName("orders", "orders"));
        assertThat(control.getRowFilters(pipeline, new CatalogSchemaTableName("mesh", "metadata", "products"))).extracting(ViewExpression::getExpression)
                .containsExactly("product IN ('invoices', 'orders', 'revenue')");
        // Filters and masks apply as to its product.
        CatalogSchemaTableName orders = new CatalogSchemaTableName("mesh", "orders", "orders");
        assertThat(control.getRowFilters(pipeline, orders)).extracting(ViewExpression::getExpression).containsExactly("region = 'EU'");
        ColumnSchema email = ColumnSchema.builder().setName("email").setType(VARCHAR).build();
        assertThat(control.getColumnMasks(pipeline, orders, List.of(email))).containsOnlyKeys(email);
        // Lake functions are for admins; other catalogs are the other access control's. A product's view identity calls
        // table_changes for a dataset's changed rows (orders@changes:1:2), and no other lake function.
        assertThat(control.canExecuteFunction(pipeline, new CatalogSchemaRoutineName("lake", "system", "table_changes"))).isFalse();
        assertThat(control.canExecuteFunction(context("product:orders"), new CatalogSchemaRoutineName("lake", "system", "table_changes"))).isTrue();
        assertThat(control.canCreateViewWithExecuteFunction(context("product:orders"), new CatalogSchemaRoutineName("lake", "system", "table_changes"))).isTrue();
        assertThat(control.canExecuteFunction(context("product:orders"), new CatalogSchemaRoutineName("lake", "system", "bucket"))).isFalse();
        assertThat(control.canExecuteFunction(context("alice"), new CatalogSchemaRoutineName("lake", "system", "table_changes"))).isFalse();
        assertThat(control.canExecuteFunction(pipeline, new CatalogSchemaRoutineName("mesh", "system", "deprecated"))).isTrue();
        control.checkCanSelectFromColumns(pipeline, new CatalogSchemaTableName("tpch", "tiny", "nation"), Set.of("name"));
        assertThat(control.filterSchemas(pipeline, "tpch", Set.of("tiny", "sf1"))).containsExactlyInAnyOrder("tiny", "sf1");
    }

    @Test
    void aPipelineTouchesOnlyItsOwnProductsNamespaceInTheLake()
    {
        MeshAccessControl control = configured(PIPELINES);
        SystemSecurityContext pipeline = context("pipeline:revenue");
        control.checkCanCreateTable(pipeline, new CatalogSchemaTableName("lake", "revenue", "totals"), Map.of());
        control.checkCanInsertIntoTable(pipeline, new CatalogSchemaTableName("lake", "revenue", "totals"));
        control.checkCanSelectFromColumns(pipeline, new CatalogSchemaTableName("lake", "revenue", "totals"), Set.of("total"));
        // Not the namespace of another product of the same owner, which its owners may change.
        control.checkCanInsertIntoTable(context("fiona", "finance"), new CatalogSchemaTableName("lake", "budgets", "facts"));
        assertThatThrownBy(() -> control.checkCanInsertIntoTable(pipeline, new CatalogSchemaTableName("lake", "budgets", "facts")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Cannot insert into lake.budgets.facts: lake namespace 'budgets' belongs to product 'budgets'; pipeline:revenue writes only its own product's namespace");
        assertThatThrownBy(() -> control.checkCanDropTable(pipeline, new CatalogSchemaTableName("lake", "orders", "orders")))
                .hasMessageContaining("pipeline:revenue writes only its own product's namespace");
        assertThatThrownBy(() -> control.checkCanSelectFromColumns(pipeline, new CatalogSchemaTableName("lake", "budgets", "facts"), Set.of("id")))
                .hasMessage("Access Denied: Cannot select from lake.budgets.facts: lake namespace 'budgets' belongs to product 'budgets', and pipeline:revenue reads only its own " +
                        "product's namespace in the lake; read other products through the mesh catalog, mesh.budgets.<dataset>, declared in the pipeline's spec.upstream");
        assertThatThrownBy(() -> control.checkCanSelectFromColumns(pipeline, new CatalogSchemaTableName("lake", "orders", "orders"), Set.of("id")))
                .hasMessageContaining("pipeline:revenue reads only its own product's namespace in the lake");
        assertThatThrownBy(() -> control.checkCanCreateTable(pipeline, new CatalogSchemaTableName("lake", "scratch", "t"), Map.of()))
                .hasMessageContaining("lake namespace 'scratch' belongs to no data product");
        assertThat(control.filterSchemas(pipeline, "lake", Set.of("information_schema", "revenue", "budgets", "orders", "scratch"))).containsExactlyInAnyOrder("information_schema", "revenue");
        assertThatThrownBy(() -> control.checkCanExecuteProcedure(pipeline, new CatalogSchemaRoutineName("lake", "system", "rollback_to_snapshot")))
                .hasMessageContaining("only admins may");
    }

    @Test
    void noListMakesAPipelineAnAdminOrAnUnfilteredReader()
    {
        MeshAccessControl control = new MeshAccessControl(GovernanceSource.of(PIPELINES), new MeshAccessControlConfig()
                .setAdmins(List.of("user:admin", "group:finance", "user:pipeline:revenue"))
                .setImpersonators(List.of("user:mesh-service"))
                .setUnfilteredReaders(List.of("group:finance", "user:pipeline:revenue")));
        SystemSecurityContext pipeline = new SystemSecurityContext(actingFor("pipeline:revenue", "mesh-service", "finance"), QueryId.valueOf("q"), Instant.now());
        assertThatThrownBy(() -> control.checkCanInsertIntoTable(pipeline, new CatalogSchemaTableName("lake", "budgets", "facts")))
                .hasMessageContaining("pipeline:revenue writes only its own product's namespace");
        assertThatThrownBy(() -> control.checkCanSelectFromColumns(pipeline, new CatalogSchemaTableName("mesh", "budgets", "facts"), Set.of("id")))
                .hasMessageContaining("declare 'budgets' in the pipeline's spec.upstream");
        assertThat(control.getRowFilters(pipeline, new CatalogSchemaTableName("mesh", "orders", "orders"))).isNotEmpty();
        assertThat(control.canExecuteFunction(pipeline, new CatalogSchemaRoutineName("lake", "system", "table_changes"))).isFalse();
        assertThatThrownBy(() -> control.checkCanCreateCatalog(pipeline, "other")).hasMessageContaining("only admins may");
        assertThat(control.filterViewQueryOwnedBy(pipeline.getIdentity(), List.of(Identity.ofUser("alice")))).isEmpty();
        // Its runs are no admin's, so the service may act for it.
        control.checkCanExecuteQuery(pipeline.getIdentity(), QueryId.valueOf("q"));
    }

    @Test
    void onlyTheServiceRunsAPipelineAndOnlyAnActiveOne()
    {
        MeshAccessControl control = configured(PIPELINES);
        control.checkCanImpersonateUser(Identity.ofUser("mesh-service"), "pipeline:revenue");
        assertThatThrownBy(() -> control.checkCanImpersonateUser(Identity.ofUser("mesh-service"), "pipeline:budgets"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: User mesh-service cannot impersonate user pipeline:budgets: product 'budgets' has no active pipeline in the mesh; " +
                        "pipeline identities run only their products' active pipelines");
        assertThatThrownBy(() -> control.checkCanImpersonateUser(Identity.ofUser("mesh-service"), "pipeline:nope"))
                .hasMessageContaining("product 'nope' has no active pipeline in the mesh");
        assertThatThrownBy(() -> control.checkCanImpersonateUser(Identity.ofUser("mesh-service"), "pipeline:"))
                .hasMessageContaining("a pipeline identity names its product");
        // Nobody else acts for a pipeline, an admin included.
        assertThatThrownBy(() -> control.checkCanImpersonateUser(Identity.ofUser("alice"), "pipeline:revenue"))
                .hasMessageContaining("only the service principals listed in the mesh access control's mesh.impersonators act for other users");
        assertThatThrownBy(() -> control.checkCanImpersonateUser(Identity.ofUser("admin"), "pipeline:revenue"))
                .hasMessageContaining("only the service principals listed in the mesh access control's mesh.impersonators act for other users");
        // Without governance, no pipeline runs.
        GovernanceSource unavailable = new GovernanceSource()
        {
            @Override
            public Optional<CompiledGovernance> current()
            {
                return Optional.empty();
            }

            @Override
            public String unavailableReason()
            {
                return "the catalog service at http://svc did not answer";
            }
        };
        assertThatThrownBy(() -> new MeshAccessControl(unavailable, new MeshAccessControlConfig().setImpersonators(List.of("user:mesh-service")))
                .checkCanImpersonateUser(Identity.ofUser("mesh-service"), "pipeline:revenue"))
                .hasMessageContaining("mesh governance is unavailable, so no pipeline runs until the catalog service answers again: the catalog service at http://svc did not answer");

        // Nobody signs in as a pipeline: a session of its own is refused.
        control.checkCanSetUser(Optional.of(new BasicPrincipal("mesh-service")), "pipeline:revenue");
        for (Optional<Principal> principal : List.<Optional<Principal>>of(Optional.empty(), Optional.of(new BasicPrincipal("pipeline:revenue")), Optional.of(new BasicPrincipal("alice")))) {
            assertThatThrownBy(() -> control.checkCanSetUser(principal, "pipeline:revenue")).as(principal.toString())
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("pipeline identities run only the catalog service's pipeline runs");
        }
        control.checkCanExecuteQuery(actingFor("pipeline:revenue", "mesh-service"), QueryId.valueOf("q"));
        for (Identity identity : List.of(Identity.ofUser("pipeline:revenue"), actingFor("pipeline:revenue", "pipeline:revenue"), actingFor("pipeline:revenue", "alice"))) {
            assertThatThrownBy(() -> control.checkCanExecuteQuery(identity, QueryId.valueOf("q"))).as(identity.toString())
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessage("Access Denied: Cannot run a query as pipeline:revenue: pipeline identities run only the catalog service's pipeline runs");
        }
    }
}
