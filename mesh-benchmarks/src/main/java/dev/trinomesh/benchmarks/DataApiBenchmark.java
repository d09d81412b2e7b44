package dev.trinomesh.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.CountingInputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The data API ({@code GET /v1/data/{product}/v{major}/{dataset}}) end to end over HTTP as alice (a consumer through
 * group analysts, signed in with her password through {@code POST /v1/auth/login}), side by side with the same reads
 * through the Trino JDBC driver as alice on one warm connection, alternating round by round.
 * <ol>
 * <li>Pages: the first 100-row JSON page of the demo's {@code sales_orders.orders}, a filtered page and the second page
 * (its cursor), each beside the same rows through JDBC; the first page also beside the very SQL the service runs for it
 * (read back from Trino: the snapshot-pinned table, one row more than the page) and beside an authenticated call that
 * reads no data ({@code GET /v1/auth/whoami}, the HTTP floor). 20 warm-up and ROUNDS (200) measured rounds.</li>
 * <li>Bulk: every row of {@code bench_orders.orders}, a product of this benchmark over {@code lake.bench_orders.orders},
 * a copy of TPC-H {@code sf1.orders} (1,500,000 rows, {@code orderkey} unique), in JSON pages of 10,000 following
 * {@code next} and as one NDJSON, CSV and Arrow stream each; beside JDBC with {@code ORDER BY orderkey}, without
 * ORDER BY, the service's own stream SQL (the snapshot-pinned table, ORDER BY, LIMIT of the stream's limit + 1), and that
 * SQL without its LIMIT (Trino plans a LIMIT this large as a TopN, not a sort). Each body is parsed as a client would (Jackson's streaming parser for
 * JSON and NDJSON, lines for CSV, Arrow's {@code ArrowStreamReader}). For each read: rows per second, the CPU time of the
 * catalog service, of Trino and of this client per million rows, the service's peak RSS and heap. A warm-up read of
 * 100,000 rows of each variant, then BULK_ROUNDS (2) measured rounds, rotating the order.</li>
 * </ol>
 * Usage: DataApiBenchmark JDBC_URL SERVICE_URI [ROUNDS] [BULK_ROUNDS].
 */
public final class DataApiBenchmark
{
    private DataApiBenchmark() {}

    private static final String PERSON = "alice";
    /** The query source of this benchmark's JDBC connection, beside the service's (mesh-api) in system.runtime.queries. */
    private static final String SOURCE = "data-api-bench";
    private static final String SERVICE_SOURCE = "mesh-api";
    private static final String PAGE_PATH = "/v1/data/sales_orders/v1/orders";
    private static final String PAGE_TABLE = "mesh.sales_orders.orders";
    private static final String FILTER = "orderstatus=O&totalprice.gt=100000";
    private static final String FILTER_SQL = "orderstatus = 'O' AND totalprice > 100000";
    private static final int PAGE_ROWS = 100;
    private static final int PAGE_WARMUP = 20;
    private static final String BULK_PRODUCT = "bench_orders";
    private static final String BULK_PATH = "/v1/data/bench_orders/v1/orders";
    private static final String BULK_TABLE = "mesh.bench_orders.orders";
    private static final long BULK_ROWS = 1_500_000;
    private static final long BULK_LAST_KEY = 6_000_000;
    private static final int BULK_PAGE_ROWS = 10_000;
    private static final int BULK_WARMUP_ROWS = 100_000;
    /** The data API's default limit of a stream (data.stream.max-rows), which the service asks Trino for plus one. */
    private static final double PAGE_TARGET_MILLIS = 150;
    private static final double PAGE_TARGET_RATIO = 1.3;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final List<String> ORDERS_COLUMNS = List.of(
            "orderkey bigint", "custkey bigint", "orderstatus varchar", "totalprice double", "orderdate date", "orderpriority varchar", "clerk varchar", "shippriority integer", "comment varchar");

    public static void main(String[] args)
            throws Exception
    {
        String url = args[0];
        URI service = URI.create(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int bulkRounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Path run = Path.of(requireNonNull(System.getenv("MESH_HOME"), "MESH_HOME is not set: run through benchmarks/run"), "run");

        try (Connection admin = StackTrino.connect(url, "admin"); Statement adminStatement = admin.createStatement()) {
            buildLakeTable(adminStatement);
        }
        BenchProducts.apply(service, BULK_PRODUCT, bulkDescriptor());
        System.out.printf("registered %s (dataset orders over lake.%s.orders, orderkey unique, consumers group:analysts)%n", BULK_PRODUCT, BULK_PRODUCT);

        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Connection connection = StackTrino.connect(url, PERSON);
                Statement statement = connection.createStatement();
                ProcessMeter serviceProcess = ProcessMeter.of("catalog service", run.resolve("catalog-service.pid"), true);
                ProcessMeter trinoProcess = ProcessMeter.of("Trino", run.resolve("trino.pid"), false);
                BufferAllocator arrow = new RootAllocator()) {
            connection.setClientInfo("ApplicationName", SOURCE);
            DataApi api = new DataApi(http, service, signIn(http, service), arrow);
            awaitServed(statement, api);
            System.out.printf("signed in as %s (POST /v1/auth/login); HTTP/1.1 on one keep-alive connection (java.net.http), no compression asked for; JDBC as %s on one warm connection%n",
                    PERSON, PERSON);
            System.out.println(serviceProcess.describe());
            System.out.println(trinoProcess.describe());
            System.out.println();

            pages(url, api, statement, rounds);
            bulk(url, api, statement, bulkRounds, serviceProcess, trinoProcess);
        }
    }

    // --- Pages ------------------------------------------------------------------------------------------------------

    private static void pages(String url, DataApi api, Statement statement, int rounds)
            throws Exception
    {
        // The contract's columns, as the first page names them; the JDBC side selects the same ones.
        JsonNode first = MAPPER.readTree(api.text(PAGE_PATH + "?limit=" + PAGE_ROWS));
        List<String> columns = new ArrayList<>();
        first.path("columns").forEach(column -> columns.add(column.path("name").asText()));
        String select = "SELECT %s FROM %s".formatted(String.join(", ", columns), PAGE_TABLE);
        String jdbcFirst = select + " ORDER BY orderkey LIMIT " + PAGE_ROWS;
        String jdbcFilter = "%s WHERE %s ORDER BY orderkey LIMIT %s".formatted(select, FILTER_SQL, PAGE_ROWS);
        long lastKey = first.path("rows").get(PAGE_ROWS - 1).path("orderkey").asLong();
        String jdbcSecond = "%s WHERE orderkey > %s ORDER BY orderkey LIMIT %s".formatted(select, lastKey, PAGE_ROWS);
        String cursor = first.path("next").asText();
        String apiFirst = PAGE_PATH + "?limit=" + PAGE_ROWS;
        String apiFilter = PAGE_PATH + "?" + FILTER + "&limit=" + PAGE_ROWS;
        String apiSecond = PAGE_PATH + "?cursor=" + URLEncoder.encode(cursor, UTF_8) + "&limit=" + PAGE_ROWS;

        // The same rows both ways, once, before anything is timed.
        checkSameKeys("first page", keys(MAPPER.readTree(api.text(apiFirst))), jdbcKeys(statement, jdbcFirst));
        checkSameKeys("filtered page", keys(MAPPER.readTree(api.text(apiFilter))), jdbcKeys(statement, jdbcFilter));
        checkSameKeys("second page", keys(MAPPER.readTree(api.text(apiSecond))), jdbcKeys(statement, jdbcSecond));
        String serviceSql = lastServiceQuery(url, "sales_orders", false);

        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("api", new Variant("API: first page (JSON, 100 rows)", () -> api.page(apiFirst).rows()));
        variants.put("jdbc", new Variant("JDBC: first page (... ORDER BY orderkey LIMIT 100)", () -> read(statement, jdbcFirst).rows()));
        variants.put("jdbc-service-sql", new Variant("JDBC: the service's SQL (pinned, LIMIT 101)", () -> read(statement, serviceSql).rows()));
        variants.put("api-filter", new Variant("API: filtered page (" + FILTER + ")", () -> api.page(apiFilter).rows()));
        variants.put("jdbc-filter", new Variant("JDBC: ... WHERE " + FILTER_SQL + " ...", () -> read(statement, jdbcFilter).rows()));
        variants.put("api-cursor", new Variant("API: second page (cursor)", () -> api.page(apiSecond).rows()));
        variants.put("jdbc-cursor", new Variant("JDBC: ... WHERE orderkey > " + lastKey + " ...", () -> read(statement, jdbcSecond).rows()));
        variants.put("floor", new Variant("API floor: GET /v1/auth/whoami (no data)", () -> {
            api.text("/v1/auth/whoami");
            return -1L;
        }));
        Map<String, Long> expected = Map.of("jdbc-service-sql", PAGE_ROWS + 1L, "floor", -1L);
        System.out.printf("Pages of %s (contract columns %s) as %s: %s warm-up and %s measured rounds, each running the %s variants in rotating order%n",
                PAGE_TABLE, String.join(", ", columns), PERSON, PAGE_WARMUP, rounds, variants.size());
        System.out.printf("JDBC's first page: %s%n", jdbcFirst);
        System.out.printf("the service's SQL for the first page (read back from system.runtime.queries): %s%n", serviceSql);

        Map<String, Timings> timings = new LinkedHashMap<>();
        variants.forEach((name, variant) -> timings.put(name, new Timings(variant.label())));
        List<String> names = List.copyOf(variants.keySet());
        for (int round = 0; round < PAGE_WARMUP + rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((round + i) % names.size());
                long start = System.nanoTime();
                long rows = variants.get(name).read().call();
                long elapsed = System.nanoTime() - start;
                long wanted = expected.getOrDefault(name, (long) PAGE_ROWS);
                if (rows != wanted) {
                    throw new IllegalStateException("%s read %s rows, expected %s".formatted(name, rows, wanted));
                }
                if (round >= PAGE_WARMUP) {
                    timings.get(name).add(elapsed);
                }
            }
        }

        System.out.printf("%-52s %5s %9s %9s %9s %9s %9s %9s%n", "ms", "n", "median", "p90", "p95", "p99", "min", "max");
        timings.values().forEach(timing -> System.out.printf("%-52s %5d %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n", timing.name().length() > 52 ? timing.name().substring(0, 49) + "..." : timing.name(),
                timing.count(), timing.median(),
                timing.percentile(0.9), timing.percentile(0.95), timing.percentile(0.99), timing.min(), timing.max()));
        double firstMedian = timings.get("api").median();
        double ratio = firstMedian / timings.get("jdbc").median();
        System.out.printf("first page: API median %.1f ms (target < %.0f ms: %s); ratio API / JDBC %.2f (target <= %.1f: %s); p95 ratio %.2f%n",
                firstMedian, PAGE_TARGET_MILLIS, firstMedian < PAGE_TARGET_MILLIS ? "met" : "missed", ratio, PAGE_TARGET_RATIO, ratio <= PAGE_TARGET_RATIO ? "met" : "missed",
                timings.get("api").percentile(0.95) / timings.get("jdbc").percentile(0.95));
        System.out.printf("first page: ratio API / the service's SQL through JDBC %.2f; the service's SQL / the plain JDBC query %.2f%n",
                firstMedian / timings.get("jdbc-service-sql").median(), timings.get("jdbc-service-sql").median() / timings.get("jdbc").median());
        System.out.printf("filtered page: ratio API / JDBC %.2f; second page: ratio API / JDBC %.2f%n",
                timings.get("api-filter").median() / timings.get("jdbc-filter").median(), timings.get("api-cursor").median() / timings.get("jdbc-cursor").median());
        pagesInTrino(url);
        System.out.println();
    }

    /** Trino's own time for the last rounds' page queries (it keeps the last 100 queries), by who sent them and which page. */
    private static void pagesInTrino(String url)
            throws Exception
    {
        System.out.println("in Trino (system.runtime.queries, the queries it still keeps, warm-up included): source, page, state, error, queries, median created-to-end, queued, analysis, planning (ms)");
        try (Connection connection = StackTrino.connect(url, "admin"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT source, kind, state, coalesce(error_code, ''), count(*), approx_percentile(date_diff('millisecond', created, "end"), 0.5),
                            approx_percentile(queued_time_ms, 0.5), approx_percentile(analysis_time_ms, 0.5), approx_percentile(planning_time_ms, 0.5)
                        FROM (SELECT source, state, error_code, created, "end", queued_time_ms, analysis_time_ms, planning_time_ms,
                                CASE WHEN regexp_like(query, 'WHERE.*orderstatus') THEN 'filtered' WHEN query LIKE '%%WHERE%%' THEN 'second' ELSE 'first' END kind
                            FROM system.runtime.queries WHERE source IN ('%s', '%s') AND query LIKE '%%sales_orders%%' AND query NOT LIKE '%%system.runtime%%')
                        GROUP BY 1, 2, 3, 4 ORDER BY 2, 1, 3""".formatted(SOURCE, SERVICE_SOURCE))) {
            while (rows.next()) {
                System.out.printf("  %-16s %-9s %-9s %-14s %5d %8d %8d %8d %8d%n", rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5),
                        rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getLong(9));
            }
        }
    }

    // --- Bulk reads -------------------------------------------------------------------------------------------------

    private static void bulk(String url, DataApi api, Statement statement, int rounds, ProcessMeter serviceProcess, ProcessMeter trinoProcess)
            throws Exception
    {
        String select = "SELECT %s FROM %s".formatted(ORDERS_COLUMNS.stream().map(column -> column.substring(0, column.indexOf(' '))).collect(Collectors.joining(", ")), BULK_TABLE);
        // The warm-up reads 100,000 rows of each variant; its stream leaves the service's SQL in Trino's history.
        Map<String, Bulk> warmups = bulkVariants(api, statement, select, BULK_WARMUP_ROWS, Optional.empty());
        api.stream(BULK_PATH + "?limit=" + BULK_WARMUP_ROWS, "application/x-ndjson", DataApi::ndjson);
        // A stream's query has no LIMIT (the service stops reading at the stream's limit): with one, Trino would plan a
        // TopN that returns nothing before it has read every row.
        String serviceSql = lastServiceQuery(url, BULK_PRODUCT, true).strip();
        if (serviceSql.matches("(?s).* LIMIT \\d+$")) {
            throw new IllegalStateException("the service's stream SQL ends with a LIMIT: " + serviceSql);
        }
        Map<String, Bulk> variants = bulkVariants(api, statement, select, -1, Optional.of(serviceSql));
        System.out.printf("Bulk: every row of %s (%,d rows, TPC-H sf1 orders in the lake) as %s; a warm-up read of %,d rows of each variant, then %s measured rounds rotating the order%n",
                BULK_TABLE, BULK_ROWS, PERSON, BULK_WARMUP_ROWS, rounds);
        System.out.printf("the service's SQL for a stream (read back from system.runtime.queries, with the default limit): %s%n", serviceSql);
        System.out.printf("time: from the request (or query) until its last row is read; first row: until the response's headers (the service answers once Trino gave it the first row), or JDBC's first row%n");
        System.out.printf("the catalog service's resident memory before: %,d MiB%n", serviceProcess.resident() >> 20);
        for (Map.Entry<String, Bulk> warmup : warmups.entrySet()) {
            long start = System.nanoTime();
            Read read = warmup.getValue().read().call();
            System.out.printf("  warm-up %-18s %,9d rows in %7.2f s%n", warmup.getKey(), read.rows(), (System.nanoTime() - start) / 1e9);
        }

        Map<String, List<Measured>> results = new LinkedHashMap<>();
        variants.keySet().forEach(name -> results.put(name, new ArrayList<>()));
        List<String> names = List.copyOf(variants.keySet());
        com.sun.management.OperatingSystemMXBean self = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((round + i) % names.size());
                Bulk variant = variants.get(name);
                ProcessMeter.Mark serviceMark = serviceProcess.start();
                ProcessMeter.Mark trinoMark = trinoProcess.start();
                long clientCpu = self.getProcessCpuTime();
                long start = System.nanoTime();
                Read read = variant.read().call();
                long elapsed = System.nanoTime() - start;
                double clientSeconds = (self.getProcessCpuTime() - clientCpu) / 1e9;
                ProcessMeter.Usage serviceUsage = serviceProcess.since(serviceMark);
                ProcessMeter.Usage trinoUsage = trinoProcess.since(trinoMark);
                read.check(name, BULK_ROWS, variant.ordered());
                Measured measured = new Measured(elapsed, read, serviceUsage, trinoUsage, clientSeconds);
                results.get(name).add(measured);
                System.out.printf("  round %d %-18s %7.2f s (first row %6.2f s) %,9.0f rows/s %s%s; CPU s per M rows: service %5.2f, Trino %5.2f, client %5.2f; service peak RSS %,5d MiB, heap %s, %d GCs (%d ms)%n",
                        round + 1, name, elapsed / 1e9, read.firstRowNanos() / 1e9, BULK_ROWS / (elapsed / 1e9), megabytes(read.bytes()), read.requests() > 1 ? " in %d requests".formatted(read.requests()) : "",
                        measured.perMillion(serviceUsage.cpuSeconds()), measured.perMillion(trinoUsage.cpuSeconds()), measured.perMillion(clientSeconds),
                        serviceUsage.peakResident() >> 20, heap(serviceUsage.peakHeap()), serviceUsage.collections(), serviceUsage.collectionMillis());
            }
        }

        System.out.printf("%nmedians of %d rounds (CPU: CPU seconds of the process per million rows read; peaks: the highest of the rounds)%n", rounds);
        System.out.printf("%-18s %9s %9s %11s %9s %9s %9s %9s %12s %12s %6s%n", "variant", "time s", "1st row s", "rows/s", "MB", "service", "Trino", "client", "service RSS", "service heap", "GCs");
        for (Map.Entry<String, List<Measured>> entry : results.entrySet()) {
            List<Measured> measured = entry.getValue();
            double seconds = median(measured.stream().map(m -> m.nanos() / 1e9).toList());
            System.out.printf("%-18s %9.2f %9.2f %,11.0f %9s %9.2f %9.2f %9.2f %8d MiB %12s %6.0f   %s%n", entry.getKey(), seconds,
                    median(measured.stream().map(m -> m.read().firstRowNanos() / 1e9).toList()), BULK_ROWS / seconds, megabytes(measured.getFirst().read().bytes()),
                    median(measured.stream().map(m -> m.perMillion(m.service().cpuSeconds())).toList()),
                    median(measured.stream().map(m -> m.perMillion(m.trino().cpuSeconds())).toList()),
                    median(measured.stream().map(m -> m.perMillion(m.clientCpuSeconds())).toList()),
                    measured.stream().mapToLong(m -> m.service().peakResident()).max().orElseThrow() >> 20,
                    heap(measured.stream().mapToLong(m -> m.service().peakHeap()).max().orElseThrow()),
                    median(measured.stream().map(m -> (double) m.service().collections()).toList()),
                    variants.get(entry.getKey()).label());
        }
        double ordered = median(results.get("jdbc-ordered").stream().map(m -> m.nanos() / 1e9).toList());
        System.out.print("ratio of time to JDBC with ORDER BY orderkey:");
        results.forEach((name, measured) -> System.out.printf(" %s %.2f;", name, median(measured.stream().map(m -> m.nanos() / 1e9).toList()) / ordered));
        System.out.println();
    }

    private static Map<String, Bulk> bulkVariants(DataApi api, Statement statement, String select, long limit, Optional<String> serviceSql)
    {
        String apiLimit = limit > 0 ? "?limit=" + limit : "";
        String sqlLimit = limit > 0 ? " LIMIT " + limit : "";
        Map<String, Bulk> variants = new LinkedHashMap<>();
        variants.put("json-pages", new Bulk("API: JSON pages of 10,000 following next", true, () -> api.pages(BULK_PATH, BULK_PAGE_ROWS, limit > 0 ? limit : Long.MAX_VALUE)));
        variants.put("ndjson", new Bulk("API: one NDJSON stream", true, () -> api.stream(BULK_PATH + apiLimit, "application/x-ndjson", DataApi::ndjson)));
        variants.put("csv", new Bulk("API: one CSV stream", true, () -> api.stream(BULK_PATH + apiLimit, "text/csv", DataApi::csv)));
        variants.put("arrow", new Bulk("API: one Arrow IPC stream", true, () -> api.stream(BULK_PATH + apiLimit, "application/vnd.apache.arrow.stream", api::arrow)));
        variants.put("jdbc-ordered", new Bulk("JDBC: ... ORDER BY orderkey", true, () -> read(statement, select + " ORDER BY orderkey" + sqlLimit)));
        variants.put("jdbc-unordered", new Bulk("JDBC: no ORDER BY", false, () -> read(statement, select + sqlLimit)));
        serviceSql.ifPresent(sql -> variants.put("jdbc-service-sql", new Bulk("JDBC: the service's stream SQL (pinned, ORDER BY, no LIMIT)", true, () -> read(statement, sql))));
        return variants;
    }

    // --- Reading ----------------------------------------------------------------------------------------------------

    /** Something timed: the rows it read. */
    private interface Reading<T>
    {
        T call()
                throws Exception;
    }

    private record Variant(String label, Reading<Long> read) {}

    private record Bulk(String label, boolean ordered, Reading<Read> read) {}

    private record Measured(long nanos, Read read, ProcessMeter.Usage service, ProcessMeter.Usage trino, double clientCpuSeconds)
    {
        double perMillion(double seconds)
        {
            return seconds / (read.rows() / 1e6);
        }
    }

    /**
     * What a read got: its rows, the first and last orderkey, the next page's cursor, bytes received, requests made, and
     * when its first row could be read (nanos after it began: JDBC's first row; the API's response headers, which the
     * service sends once Trino gave it the first row).
     */
    record Read(long rows, long firstKey, long lastKey, String next, long bytes, int requests, long firstRowNanos)
    {

        void check(String name, long expectedRows, boolean ordered)
        {
            if (rows != expectedRows) {
                throw new IllegalStateException("%s read %,d rows, expected %,d".formatted(name, rows, expectedRows));
            }
            if (ordered && (firstKey != 1 || lastKey != BULK_LAST_KEY)) {
                throw new IllegalStateException("%s read orderkeys %s to %s, expected 1 to %s in order".formatted(name, firstKey, lastKey, BULK_LAST_KEY));
            }
        }
    }

    /** Reads every row through JDBC, each column as its Java object. */
    private static Read read(Statement statement, String sql)
            throws Exception
    {
        long start = System.nanoTime();
        long firstRow = -1;
        long rows = 0;
        long first = -1;
        long last = -1;
        try (ResultSet results = statement.executeQuery(sql)) {
            int columns = results.getMetaData().getColumnCount();
            while (results.next()) {
                if (rows == 0) {
                    firstRow = System.nanoTime() - start;
                }
                for (int column = 1; column <= columns; column++) {
                    results.getObject(column);
                }
                last = results.getLong(1);
                if (rows == 0) {
                    first = last;
                }
                rows++;
            }
        }
        return new Read(rows, first, last, null, -1, 1, firstRow);
    }

    private static List<Long> jdbcKeys(Statement statement, String sql)
            throws Exception
    {
        List<Long> keys = new ArrayList<>();
        try (ResultSet results = statement.executeQuery(sql)) {
            while (results.next()) {
                keys.add(results.getLong("orderkey"));
            }
        }
        return keys;
    }

    private static List<Long> keys(JsonNode page)
    {
        List<Long> keys = new ArrayList<>();
        page.path("rows").forEach(row -> keys.add(row.path("orderkey").asLong()));
        return keys;
    }

    private static void checkSameKeys(String what, List<Long> api, List<Long> jdbc)
    {
        if (api.size() != PAGE_ROWS || !api.equals(jdbc)) {
            throw new IllegalStateException("the %s differs: the API gave %s rows (orderkeys %s), JDBC %s (%s)".formatted(what, api.size(), abbreviate(api.toString()), jdbc.size(),
                    abbreviate(jdbc.toString())));
        }
    }

    /** The data API as alice reaches it: her token on every request, on one HTTP/1.1 keep-alive connection. */
    private record DataApi(HttpClient http, URI service, String token, BufferAllocator allocator)
    {
        String text(String path)
                throws Exception
        {
            HttpResponse<String> response = http.send(request(path, "application/json"), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET %s answered %s: %s".formatted(path, response.statusCode(), abbreviate(response.body())));
            }
            return response.body();
        }

        /** One JSON page, parsed as it arrives. */
        Read page(String path)
                throws Exception
        {
            return stream(path, "application/json", in -> rows(in, true));
        }

        /** Every row, page after page, following {@code next}, until the end or {@code maxRows}. */
        Read pages(String path, int pageRows, long maxRows)
                throws Exception
        {
            long firstRow = -1;
            long rows = 0;
            long bytes = 0;
            long first = -1;
            long last = -1;
            int requests = 0;
            String next = null;
            do {
                long remaining = maxRows - rows;
                String query = "?limit=" + Math.min(pageRows, remaining) + (next == null ? "" : "&cursor=" + URLEncoder.encode(next, UTF_8));
                Read page = page(path + query);
                if (rows == 0) {
                    first = page.firstKey();
                    // The first page began with the read.
                    firstRow = page.firstRowNanos();
                }
                rows += page.rows();
                bytes += page.bytes();
                last = page.lastKey();
                next = page.next();
                requests++;
            }
            while (next != null && rows < maxRows);
            return new Read(rows, first, last, null, bytes, requests, firstRow);
        }

        Read stream(String path, String accept, BodyReader reader)
                throws Exception
        {
            long start = System.nanoTime();
            HttpResponse<InputStream> response = http.send(request(path, accept), HttpResponse.BodyHandlers.ofInputStream());
            long headers = System.nanoTime() - start;
            try (CountingInputStream in = new CountingInputStream(response.body())) {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET %s answered %s: %s".formatted(path, response.statusCode(), abbreviate(new String(in.readAllBytes(), UTF_8))));
                }
                // The readers may close what they read; the body is read to its end first, so that the connection is kept.
                Read read = reader.read(new FilterInputStream(in)
                {
                    @Override
                    public void close() {}
                });
                // Whatever follows the last row (a JSON page's end, a stream's last bytes) is read too.
                in.transferTo(OutputStream.nullOutputStream());
                return new Read(read.rows(), read.firstKey(), read.lastKey(), read.next(), in.getCount(), 1, headers);
            }
        }

        private HttpRequest request(String path, String accept)
        {
            return HttpRequest.newBuilder(service.resolve(path)).header("Authorization", "Bearer " + token).header("Accept", accept).GET().build();
        }

        static Read ndjson(InputStream in)
                throws IOException
        {
            return rows(in, false);
        }

        static Read csv(InputStream in)
                throws IOException
        {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, UTF_8), 64 * 1024);
            if (lines.readLine() == null) {
                throw new IllegalStateException("the CSV has no header line");
            }
            long rows = 0;
            String firstLine = null;
            String lastLine = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (rows == 0) {
                    firstLine = line;
                }
                lastLine = line;
                rows++;
            }
            return new Read(rows, firstField(firstLine), firstField(lastLine), null, -1, 1, -1);
        }

        Read arrow(InputStream in)
                throws IOException
        {
            long rows = 0;
            long first = -1;
            long last = -1;
            try (ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                while (reader.loadNextBatch()) {
                    int count = root.getRowCount();
                    if (count == 0) {
                        continue;
                    }
                    BigIntVector keys = (BigIntVector) root.getVector("orderkey");
                    if (rows == 0) {
                        first = keys.get(0);
                    }
                    last = keys.get(count - 1);
                    rows += count;
                }
            }
            return new Read(rows, first, last, null, -1, 1, -1);
        }

        private static long firstField(String line)
        {
            return line == null ? -1 : Long.parseLong(line.substring(0, line.indexOf(',')));
        }
    }

    private interface BodyReader
    {
        Read read(InputStream in)
                throws IOException;
    }

    /**
     * Reads JSON rows with Jackson's streaming parser, every value as its type (numbers parsed, strings decoded): a JSON
     * page's {@code rows} and {@code next} ({@code document}), or NDJSON's objects one per line.
     */
    private static Read rows(InputStream in, boolean document)
            throws IOException
    {
        long[] keys = {-1, -1};
        long rows = 0;
        String next = null;
        try (JsonParser parser = JSON.createParser(in)) {
            if (!document) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    row(parser, keys, rows == 0);
                    rows++;
                }
                return new Read(rows, keys[0], keys[1], null, -1, 1, -1);
            }
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("a JSON page is an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("rows")) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        row(parser, keys, rows == 0);
                        rows++;
                    }
                }
                else if (field.equals("next")) {
                    next = value == JsonToken.VALUE_NULL ? null : parser.getText();
                }
                else {
                    parser.skipChildren();
                }
            }
        }
        return new Read(rows, keys[0], keys[1], next, -1, 1, -1);
    }

    private static void row(JsonParser parser, long[] keys, boolean first)
            throws IOException
    {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            switch (parser.nextToken()) {
                case VALUE_NUMBER_INT -> {
                    long value = parser.getLongValue();
                    if (name.equals("orderkey")) {
                        keys[1] = value;
                        if (first) {
                            keys[0] = value;
                        }
                    }
                }
                case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                case VALUE_STRING -> parser.getText();
                case START_ARRAY, START_OBJECT -> parser.skipChildren();
                default -> {
                    // null, true, false: nothing more to read
                }
            }
        }
    }

    // --- Set-up -----------------------------------------------------------------------------------------------------

    /** {@code lake.bench_orders.orders}: TPC-H sf1 orders copied into the lake, as admin (once per stack). */
    private static void buildLakeTable(Statement statement)
            throws Exception
    {
        long start = System.nanoTime();
        statement.execute("CREATE SCHEMA IF NOT EXISTS lake." + BULK_PRODUCT);
        statement.execute("CREATE TABLE IF NOT EXISTS lake.%s.orders AS SELECT * FROM tpch.sf1.orders".formatted(BULK_PRODUCT));
        System.out.printf("lake.%s.orders from tpch.sf1.orders: %.1f s%n", BULK_PRODUCT, (System.nanoTime() - start) / 1e9);
    }

    private static String bulkDescriptor()
    {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: mesh/v1
                kind: DataProduct
                metadata:
                  name: %s
                  domain: bench
                  owner: group:bench
                  version: 1.0.0
                  status: published
                  description: TPC-H orders at scale factor 1, for the data API benchmark
                  tags: [bench, tpch]
                spec:
                  access: {consumers: [group:analysts]}
                  datasets:
                    - name: orders
                      description: One row per order (TPC-H sf1, 1,500,000 rows)
                      source: {table: lake.%s.orders}
                      columns:
                """.formatted(BULK_PRODUCT, BULK_PRODUCT));
        for (String column : ORDERS_COLUMNS) {
            String[] parts = column.split(" ");
            yaml.append("            - {name: %s, type: %s%s}%n".formatted(parts[0], parts[1], parts[0].equals("orderkey") ? ", required: true, unique: true" : ""));
        }
        return yaml.toString();
    }

    /** Alice's personal token, from her password ({@code $MESH_HOME/passwords/alice}). */
    private static String signIn(HttpClient http, URI service)
            throws Exception
    {
        String password = StackTrino.password(PERSON).orElseThrow(() -> new IllegalStateException("no password for %s in $MESH_HOME/passwords".formatted(PERSON)));
        String body = MAPPER.writeValueAsString(Map.of("user", PERSON, "password", password, "name", "data-api-benchmark"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.resolve("/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("signing in as %s answered %s: %s".formatted(PERSON, response.statusCode(), response.body()));
        }
        return MAPPER.readTree(response.body()).path("secret").asText();
    }

    /** Waits until Trino serves the bulk dataset to alice and the API reads it (the connector refreshes from the registry). */
    private static void awaitServed(Statement statement, DataApi api)
            throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            try (ResultSet rows = statement.executeQuery("SELECT table_name FROM mesh.information_schema.tables WHERE table_schema = '%s' AND table_name = 'orders'".formatted(BULK_PRODUCT))) {
                if (rows.next()) {
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("%s.orders was registered but Trino does not serve it after 5 minutes; see the Trino server log".formatted(BULK_PRODUCT));
            }
            Thread.sleep(100);
        }
        api.text(BULK_PATH + "?limit=1");
    }

    /** The SQL the service last ran for the person on {@code product} (the first page's, or a stream's), as Trino recorded it. */
    private static String lastServiceQuery(String url, String product, boolean anyShape)
            throws Exception
    {
        try (Connection connection = StackTrino.connect(url, "admin"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT query FROM system.runtime.queries WHERE source = '%s' AND "user" = '%s' AND query LIKE '%%"%s"%%' %s
                        ORDER BY created DESC LIMIT 1""".formatted(SERVICE_SOURCE, PERSON, product, anyShape ? "" : "AND query NOT LIKE '%WHERE%'"))) {
            if (!rows.next()) {
                throw new IllegalStateException("Trino recorded no query of the service (source %s) on %s".formatted(SERVICE_SOURCE, product));
            }
            return rows.getString(1);
        }
    }

    private static String megabytes(long bytes)
    {
        return bytes < 0 ? "-" : "%.1f MB".formatted(bytes / 1e6);
    }

    private static String heap(long bytes)
    {
        return bytes < 0 ? "?" : "%,d MiB".formatted(bytes >> 20);
    }

    private static double median(List<Double> values)
    {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String abbreviate(String text)
    {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
