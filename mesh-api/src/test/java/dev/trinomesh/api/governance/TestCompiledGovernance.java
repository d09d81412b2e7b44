package dev.trinomesh.api.governance;

import dev.trinomesh.api.governance.CompiledGovernance.BoundExpression;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetRelease;
import dev.trinomesh.api.model.DatasetSource;
import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.api.model.GovernanceSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.trinomesh.api.governance.GovernanceFixtures.ORDERS;
import static dev.trinomesh.api.governance.GovernanceFixtures.REVENUE;
import static dev.trinomesh.api.governance.GovernanceFixtures.read;
import static dev.trinomesh.api.governance.GovernanceFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** Decisions of a compiled snapshot: precedence, scope, binding of templates and masks per type. */
class TestCompiledGovernance
{
    private static String policy(String name, String scope, String rules)
    {
        return """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: %s, %s}
                spec:
                  rules:
                %s""".formatted(name, scope, rules.indent(4));
    }

    private static CompiledGovernance compile(String... policies)
    {
        return CompiledGovernance.compile(snapshot(List.of(ORDERS, REVENUE), List.of(policies), Map.of("alice", Map.of("region", "EU'); DROP TABLE x; --"))), List.of("user:admin"));
    }

    private static GovernedDataset orders(CompiledGovernance governance)
    {
        return governance.servedProduct("orders").orElseThrow().dataset("orders").orElseThrow();
    }

    @Test
    void aVariantIsGovernedAsItsDatasetOverItsOwnColumns()
    {
        DataProduct orders = read(ORDERS, DataProduct.class);
        Dataset old = new Dataset("orders", null, DatasetSource.ofTable("lake.orders.orders"), List.of(
                new Column("id", "bigint", false, false, null, List.of()),
                new Column("phone", "varchar", false, false, null, List.of())), null, null);
        DatasetVariant previous = DatasetVariant.previousMajor("orders", "orders", 0, "0.9.0", LocalDate.of(2030, 1, 1), old);
        DatasetVariant release = DatasetVariant.release(new DatasetRelease("orders", "orders", "q3", "1.0.0", "lake.orders.orders", 42, "mesh-release-orders-q3",
                orders.spec().datasets().getFirst().columns(), null, "user:sam", Instant.EPOCH));
        // A variant whose name a dataset already has never takes its place.
        DatasetVariant impostor = new DatasetVariant("orders", "orders", "orders", DatasetVariant.Kind.RELEASE, "1.0.0", null, 1L,
                new Dataset("orders", null, DatasetSource.ofTable("lake.orders.orders"), List.of(), null, null));
        GovernanceSnapshot snapshot = snapshot(List.of(ORDERS, REVENUE), List.of(
                policy("rules", "scope: global", """
                        - {type: rowFilter, product: orders, datasets: [orders], expression: "region = 'EU'"}
                        - {type: rowFilter, product: orders, datasets: [other], expression: "false"}
                        - {type: columnMask, product: orders, datasets: [orders], columns: [phone], mask: "null"}
                        - {type: deny, product: orders, datasets: [orders], principals: [user:eve]}
                        """)), Map.of());
        CompiledGovernance governance = CompiledGovernance.compile(snapshot.withVariants(List.of(previous, release, impostor)), List.of("user:admin"));
        GovernedProduct product = governance.servedProduct("orders").orElseThrow();
        assertThat(product.datasets()).containsOnlyKeys("orders", "orders_v0", "orders@q3");
        Subject alice = governance.subject("alice", Set.of("analysts"));
        for (String table : List.of("orders_v0", "orders@q3")) {
            GovernedDataset variant = product.dataset(table).orElseThrow();
            assertThat(governance.canRead(alice, variant).allowed()).as(table).isTrue();
            assertThat(governance.canRead(governance.subject("eve", Set.of("analysts")), variant).reason()).as(table).contains("denied by global policy 'rules'");
            assertThat(governance.canRead(governance.subject("mallory", Set.of()), variant).allowed()).as(table).isFalse();
            assertThat(governance.rowFilters(alice, variant)).as(table).extracting(BoundExpression::sql).containsExactly("region = 'EU'");
        }
        // The mask by name reaches the old column only where it exists; the dataset itself has no phone.
        assertThat(governance.columnMasks(alice, product.dataset("orders_v0").orElseThrow(), Map.of("id", "bigint", "phone", "varchar"))).containsOnlyKeys("phone");
        assertThat(governance.columnMasks(alice, orders(governance), Map.of("id", "bigint", "region", "varchar", "email", "varchar(30)"))).isEmpty();
        assertThat(governance.rowFilters(alice, orders(governance))).extracting(BoundExpression::sql).containsExactly("region = 'EU'");
    }

    @Test
    void aPinnedTableIsGovernedAsTheTableItPins()
    {
        CompiledGovernance governance = compile(policy("rules", "scope: global", """
                - {type: rowFilter, product: orders, datasets: [orders], expression: "region = 'EU'"}
                - {type: columnMask, classification: pii, mask: hash, except: [group:pii-readers]}
                - {type: deny, product: orders, datasets: [orders], principals: [user:eve]}
                """));
        GovernedProduct product = governance.servedProduct("orders").orElseThrow();
        assertThat(product.dataset("orders@snapshot:8123456789")).containsSame(orders(governance));
        for (String unknown : List.of("orders@snapshot:01", "orders@snapshot:-1", "orders@snapshot:", "other@snapshot:1", "orders@snapshot:1@snapshot:2")) {
            assertThat(product.dataset(unknown)).as(unknown).isEmpty();
        }
        // Every decision is the dataset's: readers, denies, row filters, masks by classification.
        GovernedDataset pinned = product.dataset("orders@snapshot:1").orElseThrow();
        Subject alice = governance.subject("alice", Set.of("analysts"));
        Map<String, String> types = Map.of("id", "bigint", "region", "varchar", "email", "varchar(30)");
        assertThat(governance.canRead(alice, pinned).allowed()).isTrue();
        assertThat(governance.canRead(governance.subject("eve", Set.of("analysts")), pinned).reason()).contains("denied by global policy 'rules'");
        assertThat(governance.canRead(governance.subject("mallory", Set.of()), pinned).reason()).contains("mallory is not a consumer of product 'orders'");
        assertThat(governance.rowFilters(alice, pinned)).extracting(BoundExpression::sql).containsExactly("region = 'EU'");
        assertThat(governance.columnMasks(alice, pinned, types)).isEqualTo(governance.columnMasks(alice, orders(governance), types)).containsOnlyKeys("id", "email");
        assertThat(governance.columnMasks(governance.subject("bob", Set.of("analysts", "pii-readers")), pinned, types)).isEmpty();
    }

    @Test
    void templatesAreBoundAsQuotedLiterals()
    {
        CompiledGovernance governance = compile(policy("regions", "scope: global", """
                - {type: rowFilter, product: orders, expression: "region = ${user.region} AND ${user} <> 'x' AND contains(${user.groups}, 'analysts') AND ${user.missing} IS NULL"}
                """));
        List<BoundExpression> filters = governance.rowFilters(governance.subject("alice", Set.of("analysts", "b'q")), orders(governance));
        assertThat(filters).extracting(BoundExpression::sql).containsExactly(
                "region = 'EU''); DROP TABLE x; --' AND 'alice' <> 'x' AND contains(ARRAY['analysts', 'b''q'], 'analysts') AND CAST(NULL AS varchar) IS NULL");
        assertThat(governance.rowFilters(governance.subject("admin", Set.of()), orders(governance))).isEmpty();
    }

    @Test
    void globalMasksComeFirstAndDomainsCannotLiftThem()
    {
        CompiledGovernance governance = compile(
                policy("a_domain_unmask", "scope: domain, domain: sales", """
                        - {type: columnMask, product: orders, columns: [id, email], expression: "${column}"}
                        """),
                policy("z_global_pii", "scope: global", """
                        - {type: columnMask, classification: pii, mask: hash, except: [group:pii-readers]}
                        """));
        Map<String, String> types = Map.of("id", "bigint", "region", "varchar", "email", "varchar(30)");
        Map<String, BoundExpression> analyst = governance.columnMasks(governance.subject("alice", Set.of("analysts")), orders(governance), types);
        assertThat(analyst).containsOnlyKeys("id", "email");
        assertThat(analyst.get("id").sql()).isEqualTo("CAST(NULL AS bigint)");
        assertThat(analyst.get("email").sql()).isEqualTo("CAST(to_hex(sha256(to_utf8(\"email\"))) AS varchar(30))");
        assertThat(analyst.get("email").source().policy()).isEqualTo("z_global_pii");
        // A pii-reader is exempt from the global mask; the domain's own mask then applies.
        Map<String, BoundExpression> reader = governance.columnMasks(governance.subject("bob", Set.of("analysts", "pii-readers")), orders(governance), types);
        assertThat(reader.get("email").sql()).isEqualTo("CAST((\"email\") AS varchar(30))");
        assertThat(reader.get("email").source().policy()).isEqualTo("a_domain_unmask");
    }

    @Test
    void aDomainPolicyReachesOnlyItsDomain()
    {
        // The service refuses such a policy; the access control enforces the scope again on its own.
        CompiledGovernance governance = compile(policy("sales_overreach", "scope: domain, domain: sales", """
                - {type: deny, principals: [group:analysts]}
                """));
        Subject alice = governance.subject("alice", Set.of("analysts"));
        assertThat(governance.canRead(alice, orders(governance)).allowed()).isFalse();
        GovernedDataset totals = governance.servedProduct("revenue").orElseThrow().dataset("totals").orElseThrow();
        assertThat(governance.canRead(alice, totals).reason()).contains("alice is not a consumer of product 'revenue'");
        CompiledGovernance granted = compile(policy("finance_open", "scope: domain, domain: finance", """
                - {type: access, principals: [group:analysts]}
                """));
        assertThat(granted.canRead(granted.subject("alice", Set.of("analysts")), granted.servedProduct("revenue").orElseThrow().dataset("totals").orElseThrow()).allowed()).isTrue();
    }

    @Test
    void denyWinsAndNamesItsPolicy()
    {
        CompiledGovernance governance = compile(policy("no_interns", "scope: global", """
                - {type: deny, principals: [group:interns], except: [user:ivan]}
                """));
        assertThat(governance.canRead(governance.subject("ian", Set.of("analysts", "interns")), orders(governance)).reason())
                .isEqualTo("denied by global policy 'no_interns' rule 1");
        assertThat(governance.canRead(governance.subject("ivan", Set.of("analysts", "interns")), orders(governance)).allowed()).isTrue();
        // Owners read their own products, unless denied.
        assertThat(governance.canRead(governance.subject("sam", Set.of("sales-team")), orders(governance)).allowed()).isTrue();
    }

    @Test
    void aProductIdentityReadsWhatItsOwnersMay()
    {
        CompiledGovernance governance = CompiledGovernance.compile(snapshot(List.of(ORDERS.replace("[group:analysts]", "[group:analysts, group:finance]"), REVENUE), List.of(), Map.of()), List.of());
        Subject revenue = governance.subject("product:revenue", Set.of());
        assertThat(revenue.principals()).contains("product:revenue", "user:product:revenue", "group:finance");
        assertThat(governance.canRead(revenue, orders(governance)).allowed()).isTrue();
        assertThat(governance.owns(revenue, governance.namespaceOwner("revenue").orElseThrow())).isTrue();
        assertThat(governance.namespaceOwner("orders").map(GovernedProduct::name)).contains("orders");
    }

    @Test
    void aPipelineReadsAsItsProductWithinTheUpstreamsItDeclares()
    {
        String budgets = REVENUE.replace("name: revenue", "name: budgets").replace("name: totals", "name: plans");
        GovernanceSnapshot snapshot = snapshot(List.of(ORDERS.replace("[group:analysts]", "[group:analysts, product:revenue]"), REVENUE, budgets), List.of(), Map.of())
                .withPipelineUpstreams(Map.of("revenue", List.of("orders"), "retired", List.of("orders")));
        // Even an admin owner, or a group given to it, makes no admin of a pipeline.
        CompiledGovernance governance = CompiledGovernance.compile(snapshot, List.of("group:finance", "group:platform"));
        Subject pipeline = governance.subject("pipeline:revenue", Set.of("platform"));
        assertThat(pipeline.principals()).containsExactlyInAnyOrder("user:pipeline:revenue", "pipeline:revenue", "product:revenue", "group:finance");
        assertThat(pipeline.groups()).isEmpty();
        assertThat(pipeline.pipelineOf()).contains("revenue");
        assertThat(pipeline.admin()).isFalse();
        assertThat(governance.subject("product:revenue", Set.of()).admin()).isTrue();
        assertThat(governance.subject("product:revenue", Set.of()).pipelineOf()).isEmpty();
        assertThat(governance.subject("alice", Set.of()).pipelineOf()).isEmpty();

        // A declared upstream whose consumers name the product; its own product; not another of its owner's.
        assertThat(governance.canRead(pipeline, orders(governance)).allowed()).isTrue();
        GovernedDataset totals = governance.servedProduct("revenue").orElseThrow().dataset("totals").orElseThrow();
        assertThat(governance.canRead(pipeline, totals).allowed()).isTrue();
        GovernedDataset plans = governance.servedProduct("budgets").orElseThrow().dataset("plans").orElseThrow();
        assertThat(governance.canRead(governance.subject("product:revenue", Set.of()), plans).allowed()).isTrue();
        assertThat(governance.canRead(pipeline, plans).reason())
                .isEqualTo("pipeline:revenue, the pipeline of product 'revenue', reads only its product and the upstream products its pipeline declares; declare 'budgets' in the pipeline's spec.upstream");
        assertThat(governance.readable(pipeline, plans)).isFalse();
        assertThat(governance.canReadAny(pipeline, governance.servedProduct("budgets").orElseThrow())).isFalse();
        assertThat(governance.owns(pipeline, governance.namespaceOwner("revenue").orElseThrow())).isTrue();
        assertThat(governance.owns(pipeline, governance.namespaceOwner("budgets").orElseThrow())).isFalse();

        assertThat(governance.pipelineUpstreams("revenue")).contains(Set.of("orders"));
        assertThat(governance.pipelineUpstreams("budgets")).isEmpty();
        // Only pipelines of products governance knows.
        assertThat(governance.pipelineUpstreams("retired")).isEmpty();
        Subject unknown = governance.subject("pipeline:retired", Set.of());
        assertThat(unknown.principals()).containsExactlyInAnyOrder("user:pipeline:retired", "pipeline:retired");
        assertThat(governance.canRead(unknown, orders(governance)).allowed()).isFalse();
    }

    @Test
    void aDeclaredUpstreamStillDecidesByItsConsumers()
    {
        GovernanceSnapshot snapshot = snapshot(List.of(ORDERS, REVENUE), List.of(policy("rules", "scope: global", """
                - {type: rowFilter, product: orders, datasets: [orders], principals: [product:revenue], expression: "region = 'EU'"}
                """)), Map.of()).withPipelineUpstreams(Map.of("revenue", List.of("orders")));
        CompiledGovernance governance = CompiledGovernance.compile(snapshot, List.of("user:admin"));
        Subject pipeline = governance.subject("pipeline:revenue", Set.of());
        assertThat(governance.canRead(pipeline, orders(governance)).reason())
                .isEqualTo("pipeline:revenue, the pipeline of product 'revenue', reads as its product, which is not a consumer of product 'orders' " +
                        "(ask its owner group:sales-team to add product:revenue to access.consumers, or a governance policy to grant access)");
        // The product's filters are its pipeline's.
        assertThat(governance.rowFilters(pipeline, orders(governance))).extracting(BoundExpression::sql).containsExactly("region = 'EU'");
    }
}
