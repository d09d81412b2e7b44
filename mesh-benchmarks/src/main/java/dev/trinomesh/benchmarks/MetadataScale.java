package dev.trinomesh.benchmarks;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Metadata at scale: registers PRODUCTS products of DATASETS datasets (8 columns each), waits until
 * Trino serves them all, then times SHOW SCHEMAS FROM mesh and an information_schema.columns query on
 * one product beside the same statements on the tpch catalog, alternating round by round.
 * Usage: MetadataScale JDBC_URL SERVICE_URI [PRODUCTS] [DATASETS].
 */
public final class MetadataScale
{
    private MetadataScale() {}

    public static void main(String[] args)
            throws Exception
    {
        String url = args[0];
        URI service = URI.create(args[1]);
        int products = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int datasets = args.length > 3 ? Integer.parseInt(args[3]) : 10;

        long registerStart = System.nanoTime();
        BenchProducts.register(service, products, product -> descriptor(BenchProducts.name(product), datasets));
        double registerSeconds = (System.nanoTime() - registerStart) / 1e9;
        System.out.printf("registered %s products x %s datasets x 8 columns in %.1f s (%.0f products/s)%n", products, datasets, registerSeconds, products / registerSeconds);

        try (Connection connection = StackTrino.connect(url, "admin"); Statement statement = connection.createStatement()) {
            long visibleStart = System.nanoTime();
            String last = BenchProducts.name(products - 1);
            long deadline = visibleStart + TimeUnit.MINUTES.toNanos(5);
            while (!exists(statement, "SHOW SCHEMAS FROM mesh LIKE '%s'".formatted(last))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("product %s was registered but is not in the mesh catalog after 5 minutes; see the Trino server log".formatted(last));
                }
                Thread.sleep(100);
            }
            System.out.printf("all products visible in Trino %.1f s after the last registration%n%n", (System.nanoTime() - visibleStart) / 1e9);

            String middle = BenchProducts.name(products / 2);
            // Every bench product, plus the demo products, information_schema and metadata.
            int meshSchemas = products + 2 + (int) count(statement, "SELECT count(*) FROM mesh.metadata.products WHERE domain <> 'bench' AND status IN ('published', 'deprecated')");
            // The baselines are the same statements on the tpch catalog (10 schemas): the engine's own floor on this machine.
            List<Measured> statements = List.of(
                    new Measured("SHOW SCHEMAS FROM mesh", "SHOW SCHEMAS FROM mesh", meshSchemas),
                    new Measured("baseline: SHOW SCHEMAS FROM tpch", "SHOW SCHEMAS FROM tpch", 10),
                    new Measured("information_schema.columns of one product", "SELECT table_name, column_name, data_type FROM mesh.information_schema.columns WHERE table_schema = '%s'".formatted(middle), datasets * 8),
                    new Measured("baseline: information_schema.columns tpch.tiny", "SELECT table_name, column_name, data_type FROM tpch.information_schema.columns WHERE table_schema = 'tiny'", 61),
                    new Measured("SHOW TABLES of one product", "SHOW TABLES FROM mesh.%s".formatted(middle), datasets),
                    new Measured("query a dataset (planning incl.)", "SELECT count(*) FROM mesh.%s.dataset_00".formatted(middle), 1),
                    new Measured("baseline: SELECT 1", "SELECT 1", 1));
            Map<String, Timings> timings = measure(statement, statements);
            timings.values().forEach(timing -> System.out.println(timing.summary()));
            System.out.printf("%nmedian ratio SHOW SCHEMAS mesh (%s products) / tpch: %.2f%n", products,
                    timings.get("SHOW SCHEMAS FROM mesh").median() / timings.get("baseline: SHOW SCHEMAS FROM tpch").median());
            System.out.printf("median ratio information_schema.columns one product / tpch.tiny: %.2f%n",
                    timings.get("information_schema.columns of one product").median() / timings.get("baseline: information_schema.columns tpch.tiny").median());
        }
    }

    private static final int WARMUP = 30;
    private static final int MEASURED = 50;

    private record Measured(String name, String sql, int expectedRows) {}

    /**
     * {@value #WARMUP} warm-up and {@value #MEASURED} measured rounds; each round runs every statement once, starting
     * one statement further on than the round before, so that the mesh statements and their baselines alternate and
     * drift over the run hits them alike.
     */
    private static Map<String, Timings> measure(Statement statement, List<Measured> statements)
            throws Exception
    {
        Map<String, Timings> timings = new LinkedHashMap<>();
        statements.forEach(measured -> timings.put(measured.name(), new Timings(measured.name())));
        System.out.printf("%s warm-up and %s measured rounds, each running the %s statements once in rotating order%n", WARMUP, MEASURED, statements.size());
        for (int round = 0; round < WARMUP + MEASURED; round++) {
            for (int i = 0; i < statements.size(); i++) {
                Measured measured = statements.get((round + i) % statements.size());
                long start = System.nanoTime();
                int rows = 0;
                try (ResultSet resultSet = statement.executeQuery(measured.sql())) {
                    while (resultSet.next()) {
                        rows++;
                    }
                }
                long elapsed = System.nanoTime() - start;
                if (rows != measured.expectedRows()) {
                    throw new IllegalStateException("%s returned %s rows, expected %s".formatted(measured.sql(), rows, measured.expectedRows()));
                }
                if (round >= WARMUP) {
                    timings.get(measured.name()).add(elapsed);
                }
            }
        }
        return timings;
    }

    private static long count(Statement statement, String sql)
            throws Exception
    {
        try (ResultSet resultSet = statement.executeQuery(sql)) {
            resultSet.next();
            return resultSet.getLong(1);
        }
    }

    private static boolean exists(Statement statement, String sql)
            throws Exception
    {
        try (ResultSet resultSet = statement.executeQuery(sql)) {
            return resultSet.next();
        }
    }

    private static String descriptor(String name, int datasets)
    {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: bench, owner: group:bench, version: 1.0.0, status: published, description: Benchmark product, tags: [bench]}
                spec:
                  datasets:
                """.formatted(name));
        for (int dataset = 0; dataset < datasets; dataset++) {
            yaml.append("""
                        - name: dataset_%02d
                          description: Nations, again
                          source: {sql: "SELECT nationkey, name, regionkey, comment, nationkey AS nationkey_copy, name AS name_copy, regionkey AS regionkey_copy, comment AS comment_copy FROM tpch.tiny.nation"}
                          columns:
                            - {name: nationkey, type: bigint, description: Key}
                            - {name: name, type: varchar(25), description: Name}
                            - {name: regionkey, type: bigint, description: Region}
                            - {name: comment, type: varchar(152), description: Comment}
                            - {name: nationkey_copy, type: bigint}
                            - {name: name_copy, type: varchar}
                            - {name: regionkey_copy, type: bigint}
                            - {name: comment_copy, type: varchar}
                    """.formatted(dataset));
        }
        return yaml.toString();
    }
}
