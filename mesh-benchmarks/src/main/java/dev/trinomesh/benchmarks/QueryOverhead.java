package dev.trinomesh.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * Does a query on a mesh dataset cost the same as the query on its source? Runs TPC-H Q1 and Q6 on
 * {@code mesh.sales_orders.lineitem} and on {@code tpch.sf1.lineitem} alternately in one session
 * and prints median times and the mesh/source ratio. Usage: QueryOverhead JDBC_URL [ITERATIONS].
 */
public final class QueryOverhead
{
    private static final String Q1 = """
            SELECT returnflag, linestatus, sum(quantity) AS sum_qty, sum(extendedprice) AS sum_base_price,
                   sum(extendedprice * (1 - discount)) AS sum_disc_price, sum(extendedprice * (1 - discount) * (1 + tax)) AS sum_charge,
                   avg(quantity) AS avg_qty, avg(extendedprice) AS avg_price, avg(discount) AS avg_disc, count(*) AS count_order
            FROM %s
            WHERE shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY
            GROUP BY returnflag, linestatus
            ORDER BY returnflag, linestatus""";
    private static final String Q6 = """
            SELECT sum(extendedprice * discount) AS revenue
            FROM %s
            WHERE shipdate >= DATE '1994-01-01' AND shipdate < DATE '1995-01-01'
              AND discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01 AND quantity < 24""";

    private record Query(String name, String template) {}

    private QueryOverhead() {}

    public static void main(String[] args)
            throws Exception
    {
        String url = args[0];
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = 2;
        System.out.printf("TPC-H sf1 lineitem: mesh.sales_orders.lineitem (a mesh dataset) vs tpch.sf1.lineitem (its source)%n");
        System.out.printf("%s warm-up and %s measured runs of each, alternating mesh and source%n%n", warmup, iterations);
        try (Connection connection = DriverManager.getConnection(url, "admin", null); Statement statement = connection.createStatement()) {
            for (Query query : List.of(new Query("Q1", Q1), new Query("Q6", Q6))) {
                Timings mesh = new Timings(query.name() + " on mesh.sales_orders.lineitem");
                Timings source = new Timings(query.name() + " on tpch.sf1.lineitem");
                for (int i = 0; i < warmup + iterations; i++) {
                    // Alternate which goes first, so that drift on a noisy machine hits both alike.
                    boolean meshFirst = i % 2 == 0;
                    long first = run(statement, query.template().formatted(meshFirst ? "mesh.sales_orders.lineitem" : "tpch.sf1.lineitem"));
                    long second = run(statement, query.template().formatted(meshFirst ? "tpch.sf1.lineitem" : "mesh.sales_orders.lineitem"));
                    if (i >= warmup) {
                        mesh.add(meshFirst ? first : second);
                        source.add(meshFirst ? second : first);
                    }
                }
                boolean samePlan = explain(statement, query.template().formatted("mesh.sales_orders.lineitem"))
                        .equals(explain(statement, query.template().formatted("tpch.sf1.lineitem")));
                System.out.printf("%s distributed plans of mesh and source queries identical: %s%n", query.name(), samePlan);
                System.out.println(source.summary());
                System.out.println(mesh.summary());
                System.out.printf("%s median ratio mesh/source: %.3f%n%n", query.name(), mesh.median() / source.median());
            }
        }
    }

    private static String explain(Statement statement, String sql)
            throws Exception
    {
        try (ResultSet rows = statement.executeQuery("EXPLAIN (TYPE DISTRIBUTED) " + sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static long run(Statement statement, String sql)
            throws Exception
    {
        long start = System.nanoTime();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                rows.getObject(1);
            }
        }
        return System.nanoTime() - start;
    }
}
