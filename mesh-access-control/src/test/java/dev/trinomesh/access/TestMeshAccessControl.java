package dev.trinomesh.access;

import dev.trinomesh.api.governance.CompiledGovernance;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.ViewExpression;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.trinomesh.api.governance.GovernanceFixtures.ORDERS;
import static dev.trinomesh.api.governance.GovernanceFixtures.REVENUE;
import static dev.trinomesh.api.governance.GovernanceFixtures.snapshot;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SPI mapping: listing settings, fail-closed, product identities. (Query-level tests: mesh-integration-tests.) */
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
                .hasMessage("Access Denied: mesh governance is unavailable, so access is closed to all but admins (user:admin): the catalog service at http://svc did not answer");
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
    void productIdentitiesRunOnlyTheirViews()
    {
        MeshAccessControl control = control(GovernanceSource.of(GOVERNANCE), false);
        assertThatThrownBy(() -> control.checkCanExecuteQuery(Identity.ofUser("product:orders"), QueryId.valueOf("q")))
                .hasMessageContaining("product identities only run their products' views");
        assertThatThrownBy(() -> control.checkCanImpersonateUser(Identity.ofUser("admin"), "product:orders"))
                .hasMessageContaining("product identities are reserved");
        // As a view's owner, a product reads its own namespace, but never writes it.
        control.checkCanSelectFromColumns(context("product:orders"), new CatalogSchemaTableName("lake", "orders", "orders"), Set.of("id"));
        assertThatThrownBy(() -> control.checkCanInsertIntoTable(context("product:orders"), new CatalogSchemaTableName("lake", "orders", "orders")))
                .hasMessageContaining("only its owner group:sales-team may change it");
        control.checkCanInsertIntoTable(context("sam", "sales-team"), new CatalogSchemaTableName("lake", "orders", "orders"));
    }
}
