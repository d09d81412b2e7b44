package dev.trinomesh.api.governance;

import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.descriptor.DescriptorSyntaxException;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.api.model.Policy;

import java.util.List;
import java.util.Map;

/** Products and snapshots for tests of governance decisions, here and in the access control's and service's tests. */
public final class GovernanceFixtures
{
    private GovernanceFixtures() {}

    public static final String ORDERS = """
            apiVersion: mesh/v1
            kind: DataProduct
            metadata: {name: orders, domain: sales, owner: group:sales-team, version: 1.0.0, status: published}
            spec:
              datasets:
                - name: orders
                  source: {table: lake.orders.orders}
                  columns:
                    - {name: id, type: bigint, classification: pii}
                    - {name: region, type: varchar}
                    - {name: email, type: varchar(30), classification: [pii, contact]}
              access:
                consumers: [group:analysts]
            """;
    public static final String REVENUE = """
            apiVersion: mesh/v1
            kind: DataProduct
            metadata: {name: revenue, domain: finance, owner: group:finance, version: 1.0.0, status: published}
            spec:
              datasets:
                - name: totals
                  source: {sql: "SELECT 1 AS total"}
                  columns: [{name: total, type: bigint}]
            """;

    public static GovernanceSnapshot snapshot(List<String> products, List<String> policies, Map<String, Map<String, String>> attributes)
    {
        return new GovernanceSnapshot(7,
                products.stream().map(text -> read(text, DataProduct.class)).toList(),
                List.of(),
                policies.stream().map(text -> read(text, Policy.class)).toList(),
                attributes);
    }

    static <T> T read(String text, Class<T> type)
    {
        try {
            return DescriptorDocuments.bind(DescriptorDocuments.readDocument(text), type);
        }
        catch (DescriptorSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
