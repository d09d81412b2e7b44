package dev.trinomesh.benchmarks;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The portal end to end over HTTP, signed in as a person who may see about half of the mesh. Registers PRODUCTS
 * products of DATASETS datasets (8 columns each, some classified; descriptions, tags and five domains to search)
 * whose consumers are, one product in two, the group analysts (alice's) and otherwise finance (fiona's), and one
 * product {@code bench_tpch} whose dataset {@code lineitem} is {@code tpch.sf1.lineitem}, readable by analysts.
 * Signs alice in through {@code POST /portal/login} and sends her session cookie back as a browser does; times the
 * first search after registration (it builds the search index); then 200 warm-up requests and 1,000 measured
 * rounds, each a search (20 queries in turn, some misspelt, some with a facet), a product page (a random product
 * alice may see) and the overview, in rotating order. Every answer must be 200. Last, the preview of
 * {@code bench_tpch.lineitem} (first 100 rows, over HTTP, logged in) against the same query through the Trino JDBC
 * driver as alice on one warm connection, and, to show what a connection costs, on a new connection each time,
 * alternating round by round: 5 warm-up and 50 measured rounds.
 * Usage: PortalBenchmark JDBC_URL SERVICE_URI [PRODUCTS] [DATASETS].
 */
public final class PortalBenchmark
{
    private PortalBenchmark() {}

    private static final String PERSON = "alice";
    private static final String PREVIEW_PRODUCT = "bench_tpch";
    private static final String PREVIEW_DATASET = "lineitem";
    private static final List<String> DOMAINS = List.of("retail", "logistics", "finance", "marketing", "research");
    private static final List<String> TAGS = List.of("orders", "revenue", "customers", "shipments", "inventory", "forecast", "daily", "weekly", "campaigns", "suppliers");
    private static final List<String> SUBJECTS = List.of("orders", "revenue", "customers", "shipments", "invoices", "suppliers", "warehouse stock", "campaigns", "forecasts", "returns", "payments", "deliveries");
    private static final List<String> LINEITEM_COLUMNS = List.of(
            "orderkey bigint", "partkey bigint", "suppkey bigint", "linenumber integer", "quantity double", "extendedprice double", "discount double", "tax double",
            "returnflag varchar(1)", "linestatus varchar(1)", "shipdate date", "commitdate date", "receiptdate date", "shipinstruct varchar(25)", "shipmode varchar(10)", "comment varchar(44)");
    /** The searches, in turn: plain words, misspelt words (the index's fuzzy matching), and facets with or without words. */
    private static final List<String> SEARCHES = List.of(
            "q=orders", "q=revenue", "q=customer", "q=shipments", "q=invoices", "q=warehouse+stock", "q=daily+revenue+by+region",
            "q=custmer", "q=revnue", "q=shipmnets", "q=invocies", "q=supplers",
            "q=orders&domain=retail", "q=forecast&tag=weekly", "q=campaigns&domain=marketing", "domain=finance", "tag=inventory", "q=payments&tag=daily",
            "q=nation+key", "q=returns");
    private static final int WARMUP_REQUESTS = 200;
    private static final int MEASURED_ROUNDS = 1000;
    private static final int PREVIEW_WARMUP = 5;
    private static final int PREVIEW_MEASURED = 50;
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");
    private static final Pattern VISIBLE = Pattern.compile("You may see <strong>(\\d+)</strong> data products");
    private static final Pattern TOTAL = Pattern.compile("data-total=\"(\\d+)\"");
    private static final Pattern PREVIEW_META = Pattern.compile("(\\d+) rows in (\\d+) ms");

    public static void main(String[] args)
            throws Exception
    {
        String url = args[0];
        URI service = URI.create(args[1]);
        int products = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int datasets = args.length > 3 ? Integer.parseInt(args[3]) : 10;

        long registerStart = System.nanoTime();
        BenchProducts.register(service, products, product -> descriptor(product, datasets));
        BenchProducts.apply(service, PREVIEW_PRODUCT, previewDescriptor());
        double registerSeconds = (System.nanoTime() - registerStart) / 1e9;
        System.out.printf("registered %s products x %s datasets x 8 columns (half of them for group:analysts, half for group:finance) and %s (tpch.sf1.lineitem) in %.1f s%n",
                products, datasets, PREVIEW_PRODUCT, registerSeconds);

        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            Portal portal = new Portal(http, service, signIn(http, service));

            // The first search after registration builds the index of the whole registry (no one has searched before).
            long firstStart = System.nanoTime();
            String first = portal.get("/portal/search?q=orders");
            double firstMillis = (System.nanoTime() - firstStart) / 1e6;
            long secondStart = System.nanoTime();
            portal.get("/portal/search?q=orders");
            System.out.printf("first search after registration (builds the search index): %.1f ms, %s products found; the same search again: %.1f ms%n",
                    firstMillis, group(TOTAL, first), (System.nanoTime() - secondStart) / 1e6);

            String overview = portal.get("/portal/");
            int visible = Integer.parseInt(group(VISIBLE, overview));
            System.out.printf("%s sees %s products of %s registered: %s bench products (consumers group:analysts), %s, and the demo's products analysts read%n%n",
                    PERSON, visible, products + 1 + demoProducts(url), (products + 1) / 2, PREVIEW_PRODUCT);

            pages(portal, products);
            previews(portal, url, portal.get("/portal/"));
        }
    }

    private record Kind(String label, String target) {}

    private static void pages(Portal portal, int products)
            throws Exception
    {
        Random random = new Random(42);
        Map<String, Kind> kinds = new LinkedHashMap<>();
        kinds.put("search", new Kind("search (20 queries in turn)", "target p50 < 50 ms, p95 < 150 ms"));
        kinds.put("product", new Kind("product page (random visible product)", "target p50 < 150 ms"));
        kinds.put("overview", new Kind("overview", "target p50 < 300 ms"));
        Map<String, Timings> timings = new LinkedHashMap<>();
        kinds.forEach((kind, described) -> timings.put(kind, new Timings(described.label())));
        List<String> names = List.copyOf(kinds.keySet());
        System.out.printf("%s warm-up requests, then %s measured rounds, each a search, a product page and the overview in rotating order%n", WARMUP_REQUESTS, MEASURED_ROUNDS);
        int[] searches = {0};
        for (int request = 0; request < WARMUP_REQUESTS; request++) {
            portal.get(path(names.get(request % names.size()), searches, random, products));
        }
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            for (int i = 0; i < names.size(); i++) {
                String kind = names.get((round + i) % names.size());
                String path = path(kind, searches, random, products);
                long start = System.nanoTime();
                portal.get(path);
                timings.get(kind).add(System.nanoTime() - start);
            }
        }
        System.out.printf("%-40s %6s %9s %9s %9s %9s %9s %9s%n", "", "n", "p50 ms", "p95", "p99", "mean", "min", "max");
        for (String kind : names) {
            Timings timing = timings.get(kind);
            System.out.printf("%-40s %6d %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f   %s%n", kinds.get(kind).label(), timing.count(), timing.median(), timing.percentile(0.95), timing.percentile(0.99),
                    timing.mean(), timing.min(), timing.max(), kinds.get(kind).target());
        }
        System.out.println();
    }

    private static String path(String kind, int[] searches, Random random, int products)
    {
        return switch (kind) {
            case "search" -> "/portal/search?" + SEARCHES.get(searches[0]++ % SEARCHES.size());
            // The even products are analysts' (see descriptor).
            case "product" -> "/portal/products/" + BenchProducts.name(2 * random.nextInt((products + 1) / 2));
            default -> "/portal/";
        };
    }

    private static void previews(Portal portal, String url, String page)
            throws Exception
    {
        String csrf = group(CSRF, page);
        String previewPath = "/portal/products/%s/datasets/%s/preview".formatted(PREVIEW_PRODUCT, PREVIEW_DATASET);
        // What PreviewRunner runs: the declared columns, quoted, LIMIT 100.
        String sql = "SELECT %s FROM \"mesh\".\"%s\".\"%s\" LIMIT 100".formatted(
                LINEITEM_COLUMNS.stream().map(column -> '"' + column.substring(0, column.indexOf(' ')) + '"').collect(Collectors.joining(", ")), PREVIEW_PRODUCT, PREVIEW_DATASET);
        try (Connection connection = StackTrino.connect(url, PERSON); Statement statement = connection.createStatement()) {
            // The query's source tells the variants apart in system.runtime.queries afterwards.
            connection.setClientInfo("ApplicationName", "portal-bench-warm");
            awaitServed(statement);
            Map<String, Timings> timings = new LinkedHashMap<>();
            timings.put("portal", new Timings("portal preview (HTTP, logged in)"));
            timings.put("jdbc", new Timings("JDBC, one warm connection"));
            timings.put("jdbc-new", new Timings("JDBC, a new connection each time"));
            Timings inService = new Timings("  of which in the service (connect + query)");
            List<String> variants = List.copyOf(timings.keySet());
            System.out.printf("preview of %s.%s (100 rows) against %s as %s: %s warm-up and %s measured rounds, each running the %s variants in rotating order%n",
                    PREVIEW_PRODUCT, PREVIEW_DATASET, sql, PERSON, PREVIEW_WARMUP, PREVIEW_MEASURED, variants.size());
            for (int round = 0; round < PREVIEW_WARMUP + PREVIEW_MEASURED; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    String variant = variants.get((round + i) % variants.size());
                    long start = System.nanoTime();
                    int rows;
                    long serviceMillis = -1;
                    switch (variant) {
                        case "portal" -> {
                            String fragment = portal.post(previewPath, csrf);
                            Matcher matcher = PREVIEW_META.matcher(fragment);
                            if (!matcher.find()) {
                                throw new IllegalStateException("the preview returned no rows: " + fragment.substring(0, Math.min(fragment.length(), 500)));
                            }
                            rows = Integer.parseInt(matcher.group(1));
                            serviceMillis = Long.parseLong(matcher.group(2));
                        }
                        case "jdbc" -> rows = read(statement, sql);
                        default -> {
                            try (Connection fresh = StackTrino.connect(url, PERSON); Statement freshStatement = fresh.createStatement()) {
                                fresh.setClientInfo("ApplicationName", "portal-bench-new");
                                rows = read(freshStatement, sql);
                            }
                        }
                    }
                    long elapsed = System.nanoTime() - start;
                    if (rows != 100) {
                        throw new IllegalStateException("%s returned %s rows, expected 100".formatted(variant, rows));
                    }
                    if (round >= PREVIEW_WARMUP) {
                        timings.get(variant).add(elapsed);
                        if (serviceMillis >= 0) {
                            inService.add(TimeUnit.MILLISECONDS.toNanos(serviceMillis));
                        }
                    }
                }
            }
            timings.values().forEach(timing -> System.out.println(timing.summary()));
            System.out.println(inService.summary());
            double ratio = timings.get("portal").median() / timings.get("jdbc").median();
            System.out.printf("median ratio portal preview / JDBC on a warm connection: %.2f (target <= 1.3: %s)%n", ratio, ratio <= 1.3 ? "met" : "not met");
            System.out.printf("median ratio JDBC on a new connection / on a warm connection: %.2f%n", timings.get("jdbc-new").median() / timings.get("jdbc").median());
            inTrino(url, sql);
        }
    }

    /**
     * What Trino saw of the same queries, by source (the portal's door, or the benchmark's two JDBC variants) and final state: the
     * queries Trino still keeps (query.max-history, 100 by default: the last rounds). A preview stops reading at its 100 rows
     * (setMaxRows) and closes, which Trino may record as a cancelled query.
     */
    private static void inTrino(String url, String sql)
            throws Exception
    {
        System.out.println("in Trino (system.runtime.queries, the last queries it keeps): source, state, queries, median created-to-end, queued, analysis, planning (ms)");
        try (Connection connection = StackTrino.connect(url, "admin"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT source, state, count(*), approx_percentile(date_diff('millisecond', created, "end"), 0.5), approx_percentile(queued_time_ms, 0.5),
                            approx_percentile(analysis_time_ms, 0.5), approx_percentile(planning_time_ms, 0.5)
                        FROM system.runtime.queries WHERE query = '%s' GROUP BY source, state ORDER BY source, state""".formatted(sql.replace("'", "''")))) {
            while (rows.next()) {
                System.out.printf("  %-20s %-9s %4d %8d %8d %8d %8d%n", rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7));
            }
        }
    }

    private static int read(Statement statement, String sql)
            throws Exception
    {
        int rows = 0;
        try (ResultSet results = statement.executeQuery(sql)) {
            int columns = results.getMetaData().getColumnCount();
            while (results.next()) {
                for (int column = 1; column <= columns; column++) {
                    results.getString(column);
                }
                rows++;
            }
        }
        return rows;
    }

    /** Waits until Trino serves the preview's dataset to the person (the connector refreshes from the registry). */
    private static void awaitServed(Statement statement)
            throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            try (ResultSet rows = statement.executeQuery("SELECT table_name FROM mesh.information_schema.tables WHERE table_schema = '%s' AND table_name = '%s'".formatted(PREVIEW_PRODUCT, PREVIEW_DATASET))) {
                if (rows.next()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("%s.%s was registered but Trino does not serve it after 5 minutes; see the Trino server log".formatted(PREVIEW_PRODUCT, PREVIEW_DATASET));
            }
            Thread.sleep(100);
        }
    }

    private static int demoProducts(String url)
            throws Exception
    {
        try (Connection connection = StackTrino.connect(url, "admin"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM mesh.metadata.products WHERE product NOT LIKE 'bench\\_%' ESCAPE '\\'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String signIn(HttpClient http, URI service)
            throws Exception
    {
        String password = StackTrino.password(PERSON).orElseThrow(() -> new IllegalStateException("no password for %s in $MESH_HOME/passwords".formatted(PERSON)));
        String form = "user=%s&password=%s&next=%s".formatted(URLEncoder.encode(PERSON, UTF_8), URLEncoder.encode(password, UTF_8), URLEncoder.encode("/portal/", UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.resolve("/portal/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 303) {
            throw new IllegalStateException("signing in as %s answered %s: %s".formatted(PERSON, response.statusCode(), response.body()));
        }
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow(() -> new IllegalStateException("signing in set no cookie"));
        return cookie.substring(0, cookie.indexOf(';'));
    }

    /** The portal as a browser signed in reaches it: java.net's cookie handler never sends Secure cookies over http, so the cookie goes by hand. */
    private record Portal(HttpClient http, URI service, String cookie)
    {
        String get(String path)
                throws Exception
        {
            return check(path, http.send(HttpRequest.newBuilder(service.resolve(path)).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }

        String post(String path, String csrf)
                throws Exception
        {
            return check(path, http.send(HttpRequest.newBuilder(service.resolve(path))
                    .header("Cookie", cookie)
                    .header("X-CSRF-Token", csrf)
                    .header("Origin", service.toString().replaceAll("/$", ""))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }

        private static String check(String path, HttpResponse<String> response)
        {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("%s answered %s: %s".formatted(path, response.statusCode(), response.body().substring(0, Math.min(response.body().length(), 500))));
            }
            return response.body();
        }
    }

    private static String group(Pattern pattern, String page)
    {
        Matcher matcher = pattern.matcher(page);
        if (!matcher.find()) {
            throw new IllegalStateException("no %s in the page".formatted(pattern.pattern()));
        }
        return matcher.group(1);
    }

    /** Product {@code product}: analysts read the even products, finance the odd ones; domains, tags and words vary. */
    private static String descriptor(int product, int datasets)
    {
        String subject = SUBJECTS.get(product % SUBJECTS.size());
        String other = SUBJECTS.get((product / SUBJECTS.size() + 5) % SUBJECTS.size());
        String domain = DOMAINS.get(product % DOMAINS.size());
        StringBuilder yaml = new StringBuilder("""
                apiVersion: mesh/v1
                kind: DataProduct
                metadata:
                  name: %s
                  domain: %s
                  owner: group:bench
                  version: 1.0.0
                  status: published
                  description: "%s %s and %s of the %s domain, by region and day (benchmark product %s)"
                  tags: [%s, %s]
                spec:
                  access: {consumers: [%s]}
                  datasets:
                """.formatted(BenchProducts.name(product), domain, product % 3 == 0 ? "Daily" : "Weekly", subject, other, domain, product,
                TAGS.get(product % TAGS.size()), TAGS.get((3 * product + 1) % TAGS.size()), product % 2 == 0 ? "group:analysts" : "group:finance"));
        for (int dataset = 0; dataset < datasets; dataset++) {
            yaml.append("""
                        - name: dataset_%02d
                          description: "%s by nation"
                          source: {sql: "SELECT nationkey, name, regionkey, comment, nationkey AS nationkey_copy, name AS name_copy, regionkey AS regionkey_copy, comment AS comment_copy FROM tpch.tiny.nation"}
                          columns:
                            - {name: nationkey, type: bigint, description: Nation key}
                            - {name: name, type: varchar(25), description: Name of the contact, classification: pii}
                            - {name: regionkey, type: bigint, description: Region key}
                            - {name: comment, type: varchar(152), description: Free-text comment, classification: confidential}
                            - {name: nationkey_copy, type: bigint}
                            - {name: name_copy, type: varchar, classification: [pii, contact]}
                            - {name: regionkey_copy, type: bigint}
                            - {name: comment_copy, type: varchar}
                    """.formatted(dataset, SUBJECTS.get((product + dataset) % SUBJECTS.size())));
        }
        return yaml.toString();
    }

    private static String previewDescriptor()
    {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: mesh/v1
                kind: DataProduct
                metadata:
                  name: %s
                  domain: retail
                  owner: group:bench
                  version: 1.0.0
                  status: published
                  description: Order lines of TPC-H at scale factor 1, for the preview benchmark
                  tags: [orders, tpch]
                spec:
                  access: {consumers: [group:analysts]}
                  datasets:
                    - name: %s
                      description: TPC-H lineitem (sf1)
                      source: {table: tpch.sf1.lineitem}
                      columns:
                """.formatted(PREVIEW_PRODUCT, PREVIEW_DATASET));
        for (String column : LINEITEM_COLUMNS) {
            String[] parts = column.split(" ");
            yaml.append("            - {name: %s, type: %s}%n".formatted(parts[0], parts[1]));
        }
        return yaml.toString();
    }
}
