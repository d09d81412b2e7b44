package dev.trinomesh.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading the lake through the catalog service's REST catalog costs what reading it through another
 * Iceberg catalog costs, and a mesh dataset costs what its lake table costs. TPC-H Q1 and Q6 on one
 * set of Iceberg files (the demo's lineitem, built at sf1), read three ways: as {@code lake} (REST
 * catalog), as {@code lake_fm} (Trino's file metastore, the same files registered there) and as the
 * mesh dataset over {@code lake}. Usage: LakeQueries JDBC_URL [ITERATIONS].
 */
public final class LakeQueries
{
    private LakeQueries() {}

    public static void main(String[] args)
            throws Exception
    {
        String url = args[0];
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = 2;
        try (Connection connection = StackTrino.connect(url, "admin"); Statement statement = connection.createStatement()) {
            String location = single(statement, "SELECT regexp_replace(\"$path\", '/data/[^/]*$', '') FROM lake.sales_orders.lineitem LIMIT 1");
            statement.execute("CREATE SCHEMA IF NOT EXISTS lake_fm.bench");
            // Never DROP it: the table shares its files with the lake's; unregistering leaves them alone.
            if (!single(statement, "SELECT count(*) FROM lake_fm.information_schema.tables WHERE table_schema = 'bench' AND table_name = 'lineitem'").equals("0")) {
                statement.execute("CALL lake_fm.system.unregister_table(schema_name => 'bench', table_name => 'lineitem')");
            }
            statement.execute("CALL lake_fm.system.register_table(schema_name => 'bench', table_name => 'lineitem', table_location => '%s')".formatted(location));
            System.out.printf("lineitem: %s rows at %s, registered in the file metastore catalog too%n", single(statement, "SELECT count(*) FROM lake.sales_orders.lineitem"), location);
            System.out.printf("%s warm-up and %s measured runs of each, rotating the order%n%n", warmup, iterations);

            Map<String, String> sources = new LinkedHashMap<>();
            sources.put("lake (REST catalog)", "lake.sales_orders.lineitem");
            sources.put("lake_fm (file metastore)", "lake_fm.bench.lineitem");
            sources.put("mesh dataset", "mesh.sales_orders.lineitem");
            List<String> names = List.copyOf(sources.keySet());
            for (String query : List.of("Q1", "Q6")) {
                String template = query.equals("Q1") ? TpchQueries.Q1 : TpchQueries.Q6;
                System.out.printf("%s distributed plans of the mesh dataset and its lake table identical: %s%n", query,
                        explain(statement, template.formatted("mesh.sales_orders.lineitem")).equals(explain(statement, template.formatted("lake.sales_orders.lineitem"))));
                Map<String, Timings> timings = new LinkedHashMap<>();
                names.forEach(name -> timings.put(name, new Timings(query + " on " + name)));
                for (int i = 0; i < warmup + iterations; i++) {
                    for (int j = 0; j < names.size(); j++) {
                        String name = names.get((i + j) % names.size());
                        // The comment tags the query, to find its analysis and planning times afterwards.
                        long elapsed = run(statement, "/* lake-queries %s %s */ ".formatted(query, sources.get(name)) + template.formatted(sources.get(name)));
                        if (i >= warmup) {
                            timings.get(name).add(elapsed);
                        }
                    }
                }
                timings.values().forEach(timing -> System.out.println(timing.summary()));
                System.out.printf("%s median ratio REST catalog / file metastore: %.3f%n", query, timings.get(names.get(0)).median() / timings.get(names.get(1)).median());
                // What the catalog can add to a query is in its analysis and planning, not its execution.
                for (String name : names) {
                    System.out.printf("%s on %-28s median analysis %s ms, planning %s ms (from system.runtime.queries)%n", query, name,
                            single(statement, "SELECT approx_percentile(analysis_time_ms, 0.5) FROM system.runtime.queries WHERE query LIKE '/* lake-queries %s %s */%%'".formatted(query, sources.get(name))),
                            single(statement, "SELECT approx_percentile(planning_time_ms, 0.5) FROM system.runtime.queries WHERE query LIKE '/* lake-queries %s %s */%%'".formatted(query, sources.get(name))));
                }
                System.out.printf("%s median ratio mesh dataset / its lake table: %.3f%n%n", query, timings.get(names.get(2)).median() / timings.get(names.get(0)).median());
            }
        }
    }

    private static String single(Statement statement, String sql)
            throws Exception
    {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String explain(Statement statement, String sql)
            throws Exception
    {
        return single(statement, "EXPLAIN (TYPE DISTRIBUTED) " + sql);
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
