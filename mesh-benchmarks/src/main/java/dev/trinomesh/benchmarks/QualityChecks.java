package dev.trinomesh.benchmarks;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetSql;
import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.QualityRun;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A product's quality checks cost about one scan of its data. The product {@code quality_bench}
 * (quality_bench.yaml: five datasets over copies of the demo's sf1 lake tables, six passing checks each)
 * is checked through the catalog service's API, timed from the request until the run is finished, and
 * compared, in the same rounds and alternating, with two baselines through JDBC as admin (the checks run as
 * mesh-quality, which reads sources unfiltered as admin does): one scan per dataset counting exactly the
 * columns its checks read ({@code SELECT count(*), count(c1), … FROM source}: the same reading, no check
 * logic), and one counting every column. Each run's queries are read back from system.runtime.queries to
 * verify one scan per dataset. Then each dataset's scan query, as the service issued it, is timed with and
 * without each costly kind of check (unique, regex) and with Trino's other strategies for count(DISTINCT),
 * to show which kind costs what. Target: quality run ≤ 1.3 × the checked-columns baseline.
 * Usage: QualityChecks JDBC_URL SERVICE_URI [ITERATIONS].
 */
public final class QualityChecks
{
    private static final String PRODUCT = "quality_bench";
    private static final double TARGET = 1.3;
    /** The JDBC source the catalog service's checks run with: how their queries are found again. */
    private static final String QUALITY_SOURCE = "mesh-quality";
    /** Where each dataset's lake table is copied from (the demo lake, built at sf1 by benchmarks/run). */
    private static final Map<String, String> COPIED_FROM = Map.of(
            "lineitem", "lake.sales_orders.lineitem",
            "orders", "lake.sales_orders.orders",
            "customers", "lake.customer_profiles.customers",
            "parts", "lake.supply_parts.parts",
            "stock", "lake.supply_parts.stock");
    /** Kinds of check whose share of a scan is measured by leaving them out, and how each shows in the scan's select list. */
    private static final List<CostlyKind> COSTLY_KINDS = List.of(new CostlyKind("unique", "count(DISTINCT "), new CostlyKind("regex", "regexp_like("));
    /** Trino's strategies for count(DISTINCT) beside other aggregates, besides its automatic choice. */
    private static final List<String> DISTINCT_STRATEGIES = List.of("mark_distinct", "single_step");
    /** How often the run's state is asked for: at most 1% of a run's time, and little load on the service while it runs. */
    private static final long POLL_MILLIS = 100;

    private QualityChecks() {}

    private record CostlyKind(String name, String marker) {}

    /** A dataset of the product: its source relation (as the checks name it), the columns its checks read, and all its columns. */
    private record BenchDataset(String name, String source, int checks, List<String> checkedColumns, List<String> columns)
    {
        static BenchDataset of(Dataset dataset)
        {
            Set<String> checked = new LinkedHashSet<>();
            for (Map<String, Object> check : dataset.quality()) {
                Optional.ofNullable(check.get("column")).map(String::valueOf).ifPresent(checked::add);
                Optional.ofNullable((List<?>) check.get("columns")).ifPresent(names -> names.forEach(name -> checked.add(String.valueOf(name))));
            }
            return new BenchDataset(dataset.name(), DatasetSql.source(dataset), dataset.quality().size(), List.copyOf(checked), dataset.columns().stream().map(Column::name).toList());
        }

        /** One scan counting the given columns: it reads them as the checks do, and judges nothing. */
        String countScan(List<String> counted)
        {
            return "SELECT count(*), " + counted.stream().map(column -> "count(\"%s\")".formatted(column)).collect(Collectors.joining(", ")) + " FROM " + source;
        }
    }

    /** One quality run as the API reports it: wall-clock time from request to finished, and each dataset's scan query time from the results. */
    private record RunMeasurement(long nanos, Map<String, Long> scanMillis)
    {
        long scanMillisTotal()
        {
            return scanMillis.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public static void main(String[] args)
            throws Exception
    {
        String url = args[0];
        URI service = URI.create(args[1]);
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int warmup = 1;
        String descriptor = resource("quality_bench.yaml");
        DataProduct product = DescriptorDocuments.bind(DescriptorDocuments.readDocument(descriptor), DataProduct.class);
        List<BenchDataset> datasets = product.spec().datasets().stream().map(BenchDataset::of).toList();

        try (JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig());
                Connection connection = StackTrino.connect(url, "admin");
                Statement statement = connection.createStatement()) {
            // The stack's admin token (./mesh up writes it under $MESH_HOME/etc/tokens).
            Optional<String> token = Optional.ofNullable(System.getenv("MESH_HOME")).map(home -> Path.of(home, "etc", "tokens", "admin")).filter(Files::exists).map(QualityChecks::read);
            CatalogServiceClient client = new CatalogServiceClient(httpClient, service, token);

            buildTables(statement, datasets);
            client.applyProduct(PRODUCT, descriptor, Optional.of("*"), false);
            waitUntilNoChecksRun(statement);
            for (BenchDataset dataset : datasets) {
                System.out.printf("%-9s %,10d rows  %s checks reading %s of its %s columns: %s%n", dataset.name(), Long.parseLong(single(statement, "SELECT count(*) FROM " + dataset.source())),
                        dataset.checks(), dataset.checkedColumns().size(), dataset.columns().size(), String.join(", ", dataset.checkedColumns()));
            }
            System.out.printf("%n%s warm-up and %s measured rounds; each round runs the quality checks and both baselines, rotating their order%n%n", warmup, iterations);

            Set<String> seenQueries = new HashSet<>(qualityQueries(statement).keySet());
            Timings runs = new Timings("quality run (request to finished)");
            Timings scans = new Timings("  of which its scan queries");
            Timings checked = new Timings("baseline: count checked columns");
            Timings every = new Timings("baseline: count every column");
            Map<String, Timings> datasetScans = new LinkedHashMap<>();
            Map<String, Timings> datasetBaselines = new LinkedHashMap<>();
            datasets.forEach(dataset -> {
                datasetScans.put(dataset.name(), new Timings(dataset.name() + ": its checks' scan"));
                datasetBaselines.put(dataset.name(), new Timings(dataset.name() + ": count checked columns"));
            });
            int cancelled = 0;
            for (int round = 0; round < warmup + iterations; round++) {
                RunMeasurement run = null;
                Map<String, Long> checkedScans = null;
                Map<String, Long> everyScans = null;
                for (int step = 0; step < 3; step++) {
                    switch ((round + step) % 3) {
                        case 0 -> run = qualityRun(client, datasets);
                        case 1 -> checkedScans = scanEach(statement, datasets, false);
                        default -> everyScans = scanEach(statement, datasets, true);
                    }
                }
                requireNonNull(run);
                IssuedQueries issued = verifyOneScanPerDataset(statement, datasets, seenQueries);
                cancelled += issued.cancelledAfterTheirRow();
                long checkedNanos = sum(checkedScans);
                long everyNanos = sum(everyScans);
                System.out.printf("%s %d: quality run %8.1f ms (scan queries %7d ms, %d queries), checked columns %8.1f ms, every column %8.1f ms, ratio %.3f%n",
                        round < warmup ? "warm-up" : "round  ", round < warmup ? round + 1 : round - warmup + 1, run.nanos() / 1e6, run.scanMillisTotal(), issued.scans(),
                        checkedNanos / 1e6, everyNanos / 1e6, (double) run.nanos() / checkedNanos);
                if (round < warmup) {
                    continue;
                }
                runs.add(run.nanos());
                scans.add(TimeUnit.MILLISECONDS.toNanos(run.scanMillisTotal()));
                checked.add(checkedNanos);
                every.add(everyNanos);
                for (BenchDataset dataset : datasets) {
                    datasetScans.get(dataset.name()).add(TimeUnit.MILLISECONDS.toNanos(run.scanMillis().get(dataset.name())));
                    datasetBaselines.get(dataset.name()).add(checkedScans.get(dataset.name()));
                }
            }

            System.out.printf("every run issued one scan query per dataset (system.runtime.queries), %s in all; %s%n%n", (warmup + iterations) * datasets.size(), cancelled == 0
                    ? "all FINISHED"
                    : "%s of them FAILED as USER_CANCELED: the checker closed them after reading their row, before Trino had marked them finished".formatted(cancelled));
            List.of(runs, scans, checked, every).forEach(timing -> System.out.println(timing.summary()));
            for (BenchDataset dataset : datasets) {
                Timings scan = datasetScans.get(dataset.name());
                Timings baseline = datasetBaselines.get(dataset.name());
                System.out.printf("%s%n%s   ratio %.3f%n", scan.summary(), baseline.summary(), scan.median() / baseline.median());
            }
            double ratio = runs.median() / checked.median();
            System.out.printf("%nmedian ratio quality run / baseline (checked columns): %.3f (target <= %.1f: %s)%n", ratio, TARGET, ratio <= TARGET ? "met" : "missed");
            System.out.printf("median ratio quality run / baseline (every column):    %.3f%n", runs.median() / every.median());
            System.out.printf("median ratio scan queries / baseline (checked columns): %.3f (the rest is the service: requests, results, health)%n%n", scans.median() / checked.median());

            costOfEachKind(statement, datasets, warmup, iterations);
        }
    }

    private static void buildTables(Statement statement, List<BenchDataset> datasets)
            throws Exception
    {
        statement.execute("CREATE SCHEMA IF NOT EXISTS lake." + PRODUCT);
        for (BenchDataset dataset : datasets) {
            long start = System.nanoTime();
            statement.execute("CREATE TABLE IF NOT EXISTS %s AS SELECT * FROM %s".formatted(dataset.source(), COPIED_FROM.get(dataset.name())));
            System.out.printf("%s: copied from %s in %.1f s%n", dataset.source(), COPIED_FROM.get(dataset.name()), (System.nanoTime() - start) / 1e9);
        }
    }

    /** The demo's own checks run after its lake tables are built: wait until no check query runs, so none runs beside the measured ones. */
    private static void waitUntilNoChecksRun(Statement statement)
            throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        int quiet = 0;
        while (quiet < 3) {
            boolean running = !single(statement, "SELECT count(*) FROM system.runtime.queries WHERE source = '%s' AND state NOT IN ('FINISHED', 'FAILED')".formatted(QUALITY_SOURCE)).equals("0");
            quiet = running ? 0 : quiet + 1;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("quality checks are still running after 5 minutes; see the catalog service's log");
            }
            Thread.sleep(1000);
        }
    }

    /** Runs the product's checks through the service, as the API reports them; every check must pass. */
    private static RunMeasurement qualityRun(CatalogServiceClient client, List<BenchDataset> datasets)
            throws InterruptedException
    {
        long start = System.nanoTime();
        QualityRun run = client.requestQualityRun(PRODUCT, Optional.empty());
        while (!run.done()) {
            Thread.sleep(POLL_MILLIS);
            run = client.qualityRun(run.id());
        }
        long nanos = System.nanoTime() - start;
        if (!run.state().equals("finished")) {
            throw new IllegalStateException("quality run %s %s: %s".formatted(run.id(), run.state(), run.error()));
        }
        int expected = datasets.stream().mapToInt(BenchDataset::checks).sum();
        List<CheckResult> failed = run.results().stream().filter(result -> result.outcome() != CheckOutcome.PASSED).toList();
        if (run.results().size() != expected || !failed.isEmpty()) {
            throw new IllegalStateException("quality run %s has %s results, expected %s passing; not passing: %s".formatted(run.id(), run.results().size(), expected,
                    failed.stream().map(result -> "%s.%s %s: %s".formatted(result.dataset(), result.check(), result.outcome().wireName(), result.message())).toList()));
        }
        // The checks of a dataset share its scan, and report its time each.
        Map<String, Long> scanMillis = new LinkedHashMap<>();
        run.results().forEach(result -> scanMillis.merge(result.dataset(), result.durationMillis(), Math::max));
        return new RunMeasurement(nanos, scanMillis);
    }

    /** One scan per dataset, one after another (as a run checks them), counting the checked columns or every column. */
    private static Map<String, Long> scanEach(Statement statement, List<BenchDataset> datasets, boolean everyColumn)
            throws Exception
    {
        Map<String, Long> nanos = new LinkedHashMap<>();
        for (BenchDataset dataset : datasets) {
            nanos.put(dataset.name(), time(statement, dataset.countScan(everyColumn ? dataset.columns() : dataset.checkedColumns())));
        }
        return nanos;
    }

    /** A query the quality checks issued, as system.runtime.queries shows it. */
    private record IssuedQuery(String state, String errorCode, String sql)
    {
        boolean scans(BenchDataset dataset)
        {
            return sql.endsWith("\nFROM " + dataset.source());
        }

        /** The checker closes its result after reading the one row; a query not yet finished then ends as cancelled by the user, its scan done. */
        boolean cancelledAfterItsRow()
        {
            return state.equals("FAILED") && "USER_CANCELED".equals(errorCode);
        }
    }

    /** The queries of one run, as system.runtime.queries shows them. */
    private record IssuedQueries(int scans, int cancelledAfterTheirRow) {}

    /** The run's queries (those of the quality source not seen before): exactly one scan of each dataset, and nothing else. */
    private static IssuedQueries verifyOneScanPerDataset(Statement statement, List<BenchDataset> datasets, Set<String> seen)
            throws Exception
    {
        Map<String, IssuedQuery> issued = new LinkedHashMap<>(qualityQueries(statement));
        issued.keySet().removeAll(seen);
        seen.addAll(issued.keySet());
        List<String> problems = new ArrayList<>();
        for (BenchDataset dataset : datasets) {
            long scans = issued.values().stream().filter(query -> query.scans(dataset)).count();
            if (scans != 1) {
                problems.add("%s queries read %s".formatted(scans, dataset.source()));
            }
        }
        issued.values().stream()
                .filter(query -> !query.state().equals("FINISHED") && !query.cancelledAfterItsRow())
                .forEach(query -> problems.add("a query ended %s (%s): %s".formatted(query.state(), query.errorCode(), query.sql())));
        if (issued.size() != datasets.size() || !problems.isEmpty()) {
            throw new IllegalStateException("expected one scan query per dataset (%s), the run issued %s: %s%n%s".formatted(datasets.size(), issued.size(), problems,
                    issued.values().stream().map(IssuedQuery::sql).collect(Collectors.joining("\n---\n"))));
        }
        return new IssuedQueries(issued.size(), (int) issued.values().stream().filter(IssuedQuery::cancelledAfterItsRow).count());
    }

    /** Queries the quality checks issued, by id. */
    private static Map<String, IssuedQuery> qualityQueries(Statement statement)
            throws Exception
    {
        Map<String, IssuedQuery> queries = new LinkedHashMap<>();
        try (ResultSet rows = statement.executeQuery("SELECT query_id, state, error_code, query FROM system.runtime.queries WHERE source = '%s'".formatted(QUALITY_SOURCE))) {
            while (rows.next()) {
                queries.put(rows.getString(1), new IssuedQuery(rows.getString(2), rows.getString(3), rows.getString(4)));
            }
        }
        return queries;
    }

    /** A query timed in the breakdown, with the distinct aggregation strategy it runs with (Trino's default when empty). */
    private record Variant(String sql, Optional<String> distinctStrategy) {}

    /**
     * Each dataset's scan query exactly as the service issued it, run through JDBC beside the same query
     * without the aggregates of a costly kind of check (and both), with Trino's other strategies for its
     * count(DISTINCT), and the checked-columns baseline: what each kind adds to the scan.
     */
    private static void costOfEachKind(Statement statement, List<BenchDataset> datasets, int warmup, int iterations)
            throws Exception
    {
        System.out.printf("What each kind of check costs: each dataset's scan query as the service issued it, through JDBC, beside the same query without that kind's aggregates,%n"
                + "and with other distinct_aggregations_strategy settings (%s warm-up and %s measured rounds; /baseline is against count checked columns)%n", warmup, iterations);
        // Every dataset gets every variant; where one does not apply (no check of that kind), it is the same query as another and is timed once for both.
        Map<String, Map<String, Variant>> variants = new LinkedHashMap<>();
        for (BenchDataset dataset : datasets) {
            String issued = qualityQueries(statement).values().stream().filter(query -> query.scans(dataset)).map(IssuedQuery::sql).reduce((first, second) -> second).orElseThrow();
            boolean distinct = issued.contains(COSTLY_KINDS.getFirst().marker());
            Map<String, Variant> queries = new LinkedHashMap<>();
            queries.put("checks' scan", new Variant(issued, Optional.empty()));
            DISTINCT_STRATEGIES.forEach(strategy -> queries.put("checks' scan, " + strategy, new Variant(issued, Optional.of(strategy).filter(_ -> distinct))));
            COSTLY_KINDS.forEach(kind -> queries.put("without " + kind.name(), new Variant(without(issued, List.of(kind.marker())), Optional.empty())));
            queries.put("without " + COSTLY_KINDS.stream().map(CostlyKind::name).collect(Collectors.joining(" and ")),
                    new Variant(without(issued, COSTLY_KINDS.stream().map(CostlyKind::marker).toList()), Optional.empty()));
            queries.put("count checked columns", new Variant(dataset.countScan(dataset.checkedColumns()), Optional.empty()));
            variants.put(dataset.name(), queries);
        }
        List<String> names = List.copyOf(variants.values().iterator().next().keySet());
        Map<String, Timings> timings = new LinkedHashMap<>();
        Map<String, Timings> totals = new LinkedHashMap<>();
        names.forEach(name -> totals.put(name, new Timings("all datasets: " + name)));
        for (int round = 0; round < warmup + iterations; round++) {
            Map<String, Long> total = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Variant>> dataset : variants.entrySet()) {
                List<Variant> distinctVariants = dataset.getValue().values().stream().distinct().toList();
                Map<Variant, Long> measured = new LinkedHashMap<>();
                for (int j = 0; j < distinctVariants.size(); j++) {
                    Variant variant = distinctVariants.get((round + j) % distinctVariants.size());
                    measured.put(variant, time(statement, variant));
                }
                for (String name : names) {
                    long nanos = measured.get(dataset.getValue().get(name));
                    total.merge(name, nanos, Long::sum);
                    if (round >= warmup) {
                        timings.computeIfAbsent(dataset.getKey() + ": " + name, Timings::new).add(nanos);
                    }
                }
            }
            if (round >= warmup) {
                total.forEach((name, nanos) -> totals.get(name).add(nanos));
            }
        }
        for (Map.Entry<String, Map<String, Variant>> dataset : variants.entrySet()) {
            double baseline = timings.get(dataset.getKey() + ": count checked columns").median();
            Set<Variant> shown = new HashSet<>();
            for (String name : names) {
                // A variant that does not apply to this dataset is the same query as one shown before it.
                if (shown.add(dataset.getValue().get(name))) {
                    Timings timing = timings.get(dataset.getKey() + ": " + name);
                    System.out.printf("%s   /baseline %.3f%n", timing.summary(), timing.median() / baseline);
                }
            }
        }
        double baseline = totals.get("count checked columns").median();
        totals.values().forEach(timing -> System.out.printf("%s   /baseline %.3f%n", timing.summary(), timing.median() / baseline));
    }

    /** The scan query without the aggregates containing any of {@code markers} (the same query when it has none). */
    private static String without(String scan, List<String> markers)
    {
        // As ScanQuery writes it: SELECT e1,\n       e2 ...\nFROM relation
        int from = scan.lastIndexOf("\nFROM ");
        List<String> expressions = Arrays.asList(scan.substring("SELECT ".length(), from).split(",\n {7}"));
        List<String> kept = expressions.stream().filter(expression -> markers.stream().noneMatch(expression::contains)).toList();
        return kept.size() == expressions.size() ? scan : "SELECT " + String.join(",\n       ", kept) + scan.substring(from);
    }

    private static long time(Statement statement, Variant variant)
            throws Exception
    {
        if (variant.distinctStrategy().isEmpty()) {
            return time(statement, variant.sql());
        }
        statement.execute("SET SESSION distinct_aggregations_strategy = '%s'".formatted(variant.distinctStrategy().orElseThrow()));
        try {
            return time(statement, variant.sql());
        }
        finally {
            statement.execute("RESET SESSION distinct_aggregations_strategy");
        }
    }

    private static long sum(Map<String, Long> nanos)
    {
        return nanos.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long time(Statement statement, String sql)
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

    private static String single(Statement statement, String sql)
            throws Exception
    {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String resource(String name)
            throws IOException
    {
        try (InputStream in = requireNonNull(QualityChecks.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private static String read(Path file)
    {
        try {
            return Files.readString(file).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
