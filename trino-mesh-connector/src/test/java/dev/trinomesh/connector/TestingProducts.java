package dev.trinomesh.connector;

/** Descriptors of small products over tpch.tiny, for tests. */
public final class TestingProducts
{
    private TestingProducts() {}

    public static String orders(String product, String status)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata:
                  name: %s
                  domain: sales
                  owner: group:sales-team
                  version: 1.0.0
                  status: %s
                  description: Orders of the test shop
                  tags: [orders, test]
                spec:
                  datasets:
                    - name: orders
                      description: One row per order
                      source: {table: tpch.tiny.orders}
                      columns:
                        - {name: orderkey, type: bigint, required: true, unique: true, description: Order key}
                        - {name: custkey, type: bigint, description: Customer}
                        - {name: totalprice, type: double, description: Order total}
                        - {name: orderdate, type: date, description: Day ordered}
                        - {name: clerk, type: varchar(15), description: Clerk, classification: [pii, staff]}
                    - name: big_orders
                      description: Orders above 400,000
                      source: {sql: "SELECT orderkey, totalprice FROM tpch.tiny.orders WHERE totalprice > 400000"}
                      columns:
                        - {name: orderkey, type: bigint}
                        - {name: totalprice, type: double}
                  access:
                    consumers: [group:analysts]
                """.formatted(product, status);
    }

    public static String revenue(String product, String ordersProduct)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata:
                  name: %s
                  domain: finance
                  owner: group:finance
                  version: 1.0.0
                  status: published
                spec:
                  datasets:
                    - name: yearly_revenue
                      source:
                        sql: SELECT year(orderdate) AS year, sum(totalprice) AS revenue FROM %s.orders GROUP BY year(orderdate)
                      columns:
                        - {name: year, type: bigint, unique: true}
                        - {name: revenue, type: double}
                """.formatted(product, ordersProduct);
    }

    /** A product of two metrics over {@code ordersProduct}'s orders: one owned by a group of its own, and a single value. */
    public static String metrics(String product, String ordersProduct)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %1$s, domain: finance, owner: group:finance, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: monthly_revenue
                      description: Revenue per calendar month
                      owner: group:finance-analysts
                      metric: {measure: revenue, unit: USD, dimensions: [month], grain: month}
                      source:
                        sql: SELECT date_trunc('month', orderdate) AS month, sum(totalprice) AS revenue FROM %2$s.orders GROUP BY 1
                      columns:
                        - {name: month, type: date, required: true, unique: true}
                        - {name: revenue, type: double}
                    - name: order_count
                      metric: {measure: orders}
                      source: {sql: "SELECT count(*) AS orders FROM %2$s.orders"}
                      columns:
                        - {name: orders, type: bigint}
                """.formatted(product, ordersProduct);
    }

    public static String mistyped(String product)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: sales, owner: user:bob, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: orders
                      source: {table: tpch.tiny.orders}
                      columns:
                        - {name: orderkey, type: date}
                """.formatted(product);
    }
}
