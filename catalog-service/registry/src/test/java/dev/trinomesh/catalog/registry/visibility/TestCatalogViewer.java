package dev.trinomesh.catalog.registry.visibility;

import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.descriptor.DescriptorSyntaxException;
import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.catalog.registry.api.Viewer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a person may read a table of a product's schema, as the mesh access control decides it. */
class TestCatalogViewer
{
    private static final DataProduct ORDERS = read("""
            apiVersion: mesh/v1
            kind: DataProduct
            metadata: {name: orders, domain: sales, owner: group:sales-team, version: 1.0.0, status: published}
            spec:
              datasets:
                - name: orders
                  source: {table: lake.orders.orders}
                  columns: [{name: id, type: bigint}]
              access:
                consumers: [group:analysts]
            """, DataProduct.class);
    private static final Policy DENY_EVE = read("""
            apiVersion: mesh/v1
            kind: Policy
            metadata: {name: no_eve, scope: global}
            spec:
              rules:
                - {type: deny, product: orders, principals: [user:eve]}
            """, Policy.class);

    @Test
    void aTableServedBesideADatasetOrPinnedIsReadAsThatDataset()
    {
        CompiledGovernance governance = CompiledGovernance.compile(new GovernanceSnapshot(1, List.of(ORDERS), List.of(), List.of(DENY_EVE), Map.of()), List.of("user:admin"));
        VisibilityIndex index = new VisibilityIndex(governance, List.of(new ProductRecord("orders", 1, Instant.EPOCH, Instant.EPOCH, "admin", ORDERS)), List.of());
        Viewer alice = new CatalogViewer("alice", () -> index, Optional.of(governance.subject("alice", Set.of("analysts"))));
        Viewer eve = new CatalogViewer("eve", () -> index, Optional.of(governance.subject("eve", Set.of("analysts"))));
        Viewer mallory = new CatalogViewer("mallory", () -> index, Optional.of(governance.subject("mallory", Set.of())));
        for (String table : List.of("orders", "orders@snapshot:8123456789", "orders@2026-q3")) {
            assertThat(alice.canRead("orders", table)).as(table).isTrue();
            assertThat(eve.canRead("orders", table)).as(table).isFalse();
            assertThat(mallory.canRead("orders", table)).as(table).isFalse();
        }
        assertThat(alice.canRead("orders", "nope@snapshot:1")).isFalse();
        assertThat(alice.canRead("elsewhere", "orders@snapshot:1")).isFalse();
    }

    private static <T> T read(String text, Class<T> type)
    {
        try {
            return DescriptorDocuments.bind(DescriptorDocuments.readDocument(text), type);
        }
        catch (DescriptorSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
