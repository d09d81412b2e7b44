package dev.trinomesh.benchmarks;

import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.benchmarks.lineagestore.LineageGraphFixture;
import dev.trinomesh.benchmarks.lineagestore.TrinoShapedEvents;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.testing.TestingPostgreSqlServer;
import io.airlift.json.JsonCodec;

import javax.sql.DataSource;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.stream.Collectors.joining;

/**
 * The catalog service's lineage store, in-process over real HTTP, on H2 and on PostgreSQL:
 * <ol>
 * <li>sustained ingestion of the mesh listener's batches (Trino-shaped events, about 6 kB each) from concurrent
 * senders, after {@code -Dlineage.warmup} (120,000) events, in events per second per window of {@value #WINDOW}
 * events, for recurring queries (2,000 of them, as pipelines and dashboards recur) and for queries that are all
 * new (every event brings new edges: the worst case); with the CPU time of this JVM per event;</li>
 * <li>lineage queries on a graph of 1,000,000 column edges (loaded straight into the tables): 5-hop upstream
 * of a column, 5-hop downstream of a column, 5-hop upstream of a dataset.</li>
 * </ol>
 * PostgreSQL runs with a production server's durability (fsync, synchronous_commit, full_page_writes on).
 * Targets: at least 5,000 events/s; a median under 100 ms for the 5-hop upstream of a column.
 * Usage: LineageStore [h2|postgresql|both] [EVENTS] [BATCH] [SENDERS] [COLUMN_EDGES].
 */
public final class LineageStore
{
    private static final int WINDOW = 10_000;
    /** Before measuring: the JIT, the connection pool, and the recurring queries' edges into the store, as in a service that has run a while. */
    private static final int WARMUP_EVENTS = Integer.getInteger("lineage.warmup", 120_000);
    private static final int RECURRING_QUERIES = 2_000;
    private static final double TARGET_EVENTS_PER_SECOND = 5_000;
    private static final double TARGET_UPSTREAM_MILLIS = 100;
    private static final int QUERIES = 200;
    private static final int WARMUP_QUERIES = 20;
    private static final JsonCodec<LineageGraph> GRAPH_CODEC = JsonCodec.jsonCodec(LineageGraph.class);

    // Airlift's logging takes over System.out when the service starts; results go to the real stdout.
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true);

    private LineageStore() {}

    public static void main(String[] args)
            throws Exception
    {
        String databases = args.length > 0 ? args[0] : "both";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 250;
        int senders = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        long columnEdges = args.length > 4 ? Long.parseLong(args[4]) : 1_000_000;
        if (!databases.equals("postgresql")) {
            try (TestingCatalogService service = new TestingCatalogService()) {
                run("H2 (embedded, a file in a temporary directory, H2's default write delay)", service, events, batch, senders, columnEdges);
            }
        }
        if (!databases.equals("h2")) {
            try (TestingPostgreSqlServer postgres = TestingPostgreSqlServer.durable();
                    TestingCatalogService service = new TestingCatalogService(Map.of("database.url", postgres.jdbcUrl(), "database.user", postgres.user()))) {
                run(PostgreSqlSettings.describe(postgres.jdbcUrl(), postgres.user()), service, events, batch, senders, columnEdges);
            }
        }
    }

    private static void run(String database, TestingCatalogService service, int events, int batch, int senders, long columnEdges)
            throws Exception
    {
        OUT.printf("%n== lineage store on %s: batches of %s events from %s senders ==%n", database, batch, senders);
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI batchUri = service.baseUri().resolve("/v1/lineage/batch");
            // The events' clock goes on from one phase to the next, 5,000 queries a second.
            Instant start = Instant.parse("2025-06-01T00:00:00Z");
            ingest(http, service.authorization("trino"), batchUri, new TrinoShapedEvents(RECURRING_QUERIES, 1, 1, start), WARMUP_EVENTS, batch, senders);
            // A usage read rolls up what the warm-up left pending: the measurement starts from a store that has been
            // rolling up every half minute, not with a backlog of a whole warm-up.
            http.send(HttpRequest.newBuilder(service.baseUri().resolve("/v1/lineage/usage?user=nobody")).header("Authorization", service.authorization("trino")).build(), HttpResponse.BodyHandlers.discarding());
            start = start.plusMillis(WARMUP_EVENTS / 5);
            ingest(http, service.authorization("trino"), batchUri, new TrinoShapedEvents(RECURRING_QUERIES, 1, 2, start), events, batch, senders)
                    .print("recurring queries (%,d)".formatted(RECURRING_QUERIES));
            start = start.plusMillis(events / 5);
            ingest(http, service.authorization("trino"), batchUri, new TrinoShapedEvents(0, 3, 3, start), events / 5, batch, senders)
                    .print("all-new queries (new edges every event)");

            LineageGraphFixture graph = new LineageGraphFixture(columnEdges, 12);
            long started = System.nanoTime();
            long written = graph.load(service.getInstance(DataSource.class), 4);
            OUT.printf("graph: %,d column edges over %s layers of %,d tables x 25 columns, loaded in %.0f s%n",
                    written, graph.layers(), graph.tablesPerLayer(), (System.nanoTime() - started) / 1e9);
            Random random = new Random(5);
            Timings upstreamColumn = query(http, service.authorization("analyst"), "upstream of a column, 5 hops", () -> graphUri(service, "upstream",
                    LineageGraphFixture.table(graph.layers() - 1, random.nextInt(graph.tablesPerLayer())), LineageGraphFixture.column(random.nextInt(25))));
            Timings downstreamColumn = query(http, service.authorization("analyst"), "downstream of a column, 5 hops", () -> graphUri(service, "downstream",
                    LineageGraphFixture.table(0, random.nextInt(graph.tablesPerLayer())), LineageGraphFixture.column(random.nextInt(25))));
            Timings upstreamDataset = query(http, service.authorization("analyst"), "upstream of a dataset, 5 hops", () -> graphUri(service, "upstream",
                    LineageGraphFixture.table(graph.layers() - 1, random.nextInt(graph.tablesPerLayer())), null));
            OUT.println(upstreamColumn.summary() + "   (target < %.0f ms: %.2f of it)".formatted(TARGET_UPSTREAM_MILLIS, upstreamColumn.median() / TARGET_UPSTREAM_MILLIS));
            OUT.println(downstreamColumn.summary());
            OUT.println(upstreamDataset.summary());
        }
    }

    private static Throughput ingest(HttpClient http, String authorization, URI uri, TrinoShapedEvents generator, int events, int batch, int senders)
            throws Exception
    {
        // The bodies are made before the clock starts: the service's work is measured, not the generator's.
        List<byte[]> bodies = new ArrayList<>();
        for (int sent = 0; sent < events; sent += batch) {
            bodies.add(generator.batch(Math.min(batch, events - sent)));
        }
        AtomicInteger next = new AtomicInteger();
        List<Long> completions = Collections.synchronizedList(new ArrayList<>());
        ExecutorService executor = Executors.newFixedThreadPool(senders);
        long cpuStarted = processCpuNanos();
        long started = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int sender = 0; sender < senders; sender++) {
                futures.add(executor.submit(() -> {
                    for (int index = next.getAndIncrement(); index < bodies.size(); index = next.getAndIncrement()) {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", authorization)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(index)))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().contains("\"duplicates\":0")) {
                            throw new IllegalStateException("batch refused or not new: HTTP %s %s".formatted(response.statusCode(), response.body()));
                        }
                        completions.add(System.nanoTime());
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        finally {
            executor.shutdownNow();
        }
        return new Throughput(started, System.nanoTime(), events, batch, List.copyOf(completions), processCpuNanos() - cpuStarted);
    }

    private static Timings query(HttpClient http, String authorization, String name, Supplier<URI> uris)
            throws Exception
    {
        Timings timings = new Timings(name);
        long nodes = 0;
        long edges = 0;
        for (int i = 0; i < QUERIES + WARMUP_QUERIES; i++) {
            HttpRequest request = HttpRequest.newBuilder(uris.get()).header("Authorization", authorization).build();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP %s: %s".formatted(response.statusCode(), response.body()));
            }
            if (i >= WARMUP_QUERIES) {
                timings.add(elapsed);
                LineageGraph graph = GRAPH_CODEC.fromJson(response.body());
                nodes += graph.nodes().size();
                edges += graph.edges().size();
            }
        }
        OUT.printf("%s: %.0f nodes and %.0f edges per answer on average%n", name, (double) nodes / QUERIES, (double) edges / QUERIES);
        return timings;
    }

    private static URI graphUri(TestingCatalogService service, String direction, String dataset, String column)
    {
        String query = "dataset=" + URLEncoder.encode(dataset, UTF_8) + "&depth=5" + (column == null ? "" : "&column=" + column);
        return service.baseUri().resolve("/v1/lineage/" + direction + "?" + query);
    }

    /** CPU time of this process: the service and its HTTP clients (H2 runs in it too; PostgreSQL does not). */
    private static long processCpuNanos()
    {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Events per second overall and per window of {@value #WINDOW} events (batches complete in any order). */
    private record Throughput(long started, long ended, int events, int batch, List<Long> completions, long cpuNanos)
    {
        void print(String name)
        {
            List<Long> sorted = completions.stream().sorted().toList();
            int batchesPerWindow = Math.max(1, WINDOW / batch);
            List<Double> windows = new ArrayList<>();
            long windowStart = started;
            for (int end = batchesPerWindow - 1; end < sorted.size(); end += batchesPerWindow) {
                windows.add(batchesPerWindow * batch / ((sorted.get(end) - windowStart) / 1e9));
                windowStart = sorted.get(end);
            }
            List<Double> ordered = windows.stream().sorted().toList();
            double median = ordered.isEmpty() ? Double.NaN : ordered.size() % 2 == 1
                    ? ordered.get(ordered.size() / 2)
                    : (ordered.get(ordered.size() / 2 - 1) + ordered.get(ordered.size() / 2)) / 2;
            double overall = events / ((ended - started) / 1e9);
            OUT.printf("ingestion, %-40s %,7d events: median %,6.0f events/s over %s windows of %,d, overall %,.0f events/s   (target >= %,.0f: %.2fx)%n",
                    name, events, median, windows.size(), batchesPerWindow * batch, overall, TARGET_EVENTS_PER_SECOND, median / TARGET_EVENTS_PER_SECOND);
            OUT.printf("           windows in order: %s; this JVM's CPU: %.0f us per event%n",
                    windows.stream().map(rate -> "%,.0f".formatted(rate)).collect(joining(" ")), cpuNanos / 1e3 / events);
        }
    }
}
