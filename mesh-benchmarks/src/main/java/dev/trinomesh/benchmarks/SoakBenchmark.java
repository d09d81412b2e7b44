package dev.trinomesh.benchmarks;

import dev.trinomesh.benchmarks.lineagestore.TrinoShapedEvents;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded soak of the benchmark stack on loopback: tens of clients at once for minutes, mixing mesh queries through
 * Trino as a consumer (alice), lake commits (INSERT as admin), registry reads and lineage batches sent to the catalog
 * service. Every 30 s it prints each process's resident memory (every pid file of the stack); at the end, per kind of
 * call: how many, errors, median and p99 latency.
 */
public final class SoakBenchmark
{
    private static final int QUERY_CLIENTS = 12;
    private static final int COMMIT_CLIENTS = 2;
    private static final int REGISTRY_CLIENTS = 6;
    private static final int LINEAGE_CLIENTS = 4;
    private static final List<String> QUERIES = List.of(
            "SELECT mktsegment, count(*), sum(acctbal) FROM mesh.customer_profiles.customers GROUP BY 1",
            "SELECT count(*) FROM mesh.customer_profiles.customers WHERE name LIKE 'Customer#0000001%'");

    private SoakBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        String jdbc = args[0];
        URI service = URI.create(args[1]);
        int minutes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        // benchmarks/run soak MINUTES REPLICAS started the stack with ./mesh up --replicas REPLICAS
        String serviceSetUp = args.length > 3 ? "%s catalog service replicas on PostgreSQL behind HAProxy".formatted(args[3]) : "one catalog service process on H2";
        Path home = Path.of(System.getenv("MESH_HOME"));
        String admin = "Bearer " + Files.readString(home.resolve("etc/tokens/admin")).strip();
        String trino = "Bearer " + Files.readString(home.resolve("etc/tokens/trino")).strip();
        try (Connection connection = StackTrino.connect(jdbc, "admin"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS lake.soak");
            statement.execute("CREATE TABLE IF NOT EXISTS lake.soak.events (client integer, n bigint, at timestamp(6))");
        }
        List<String> products = productNames(service, admin);
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (String kind : List.of("query", "commit", "registry read", "lineage batch")) {
            kinds.put(kind, new Kind(kind));
        }
        long deadline = System.nanoTime() + minutes * 60_000_000_000L;
        int clients = QUERY_CLIENTS + COMMIT_CLIENTS + REGISTRY_CLIENTS + LINEAGE_CLIENTS;
        System.out.printf("== soak: %s clients (%s querying as alice, %s committing, %s reading the registry, %s sending lineage) for %s min; %s ==%n",
                clients, QUERY_CLIENTS, COMMIT_CLIENTS, REGISTRY_CLIENTS, LINEAGE_CLIENTS, minutes, serviceSetUp);
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(REGISTRY_CLIENTS + LINEAGE_CLIENTS)).build()) {
            for (int client = 0; client < QUERY_CLIENTS; client++) {
                int index = client;
                futures.add(executor.submit(() -> {
                    try (Connection connection = StackTrino.connect(jdbc, "alice"); Statement statement = connection.createStatement()) {
                        for (int i = index; System.nanoTime() < deadline; i++) {
                            String sql = QUERIES.get(i % QUERIES.size());
                            kinds.get("query").time(() -> {
                                try (ResultSet rows = statement.executeQuery(sql)) {
                                    while (rows.next()) {
                                        rows.getObject(1);
                                    }
                                }
                                return true;
                            });
                        }
                    }
                    return null;
                }));
            }
            for (int client = 0; client < COMMIT_CLIENTS; client++) {
                int index = client;
                futures.add(executor.submit(() -> {
                    try (Connection connection = StackTrino.connect(jdbc, "admin"); Statement statement = connection.createStatement()) {
                        for (long n = 0; System.nanoTime() < deadline; n++) {
                            String sql = "INSERT INTO lake.soak.events VALUES (%s, %s, localtimestamp)".formatted(index, n);
                            kinds.get("commit").time(() -> {
                                statement.executeUpdate(sql);
                                return true;
                            });
                        }
                    }
                    return null;
                }));
            }
            for (int client = 0; client < REGISTRY_CLIENTS; client++) {
                int index = client;
                futures.add(executor.submit(() -> {
                    for (int i = index; System.nanoTime() < deadline; i++) {
                        URI uri = service.resolve("/v1/products/" + products.get(i % products.size()));
                        kinds.get("registry read").time(() -> http.send(HttpRequest.newBuilder(uri).header("Authorization", admin).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
                    }
                    return null;
                }));
            }
            for (int client = 0; client < LINEAGE_CLIENTS; client++) {
                int index = client;
                futures.add(executor.submit(() -> {
                    TrinoShapedEvents events = new TrinoShapedEvents(500, index, index + 100L, Instant.now().minusSeconds(3_600));
                    while (System.nanoTime() < deadline) {
                        byte[] body = events.batch(50);
                        kinds.get("lineage batch").time(() -> http.send(HttpRequest.newBuilder(service.resolve("/v1/lineage/batch"))
                                .header("Authorization", trino)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
                    }
                    return null;
                }));
            }
            List<ProcessMeter> processes = processes(home.resolve("run"));
            long started = System.nanoTime();
            while (System.nanoTime() < deadline) {
                Thread.sleep(Math.min(30_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                System.out.printf("%4.0f s: %s; resident memory %s%n", (System.nanoTime() - started) / 1e9, progress(kinds), memory(processes));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        finally {
            executor.shutdownNow();
        }
        System.out.printf("%-14s %9s %7s %10s %10s%n", "call", "count", "errors", "p50 ms", "p99 ms");
        for (Kind kind : kinds.values()) {
            System.out.printf("%-14s %,9d %7d %10.1f %10.1f%n", kind.name, kind.timings.count(), kind.errors.get(), kind.timings.median(), kind.timings.percentile(0.99));
            kind.firstError().ifPresent(error -> System.out.println("  first error: " + error));
        }
        System.exit(0);
    }

    private static List<String> productNames(URI service, String admin)
            throws Exception
    {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(service.resolve("/v1/products")).header("Authorization", admin).build(), HttpResponse.BodyHandlers.ofString()).body();
            List<String> names = new ArrayList<>();
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"name\"\\s*:\\s*\"([a-z0-9_]+)\"").matcher(body);
            while (matcher.find()) {
                if (!names.contains(matcher.group(1))) {
                    names.add(matcher.group(1));
                }
            }
            if (names.isEmpty()) {
                throw new IllegalStateException("the registry lists no products: " + body);
            }
            return names;
        }
    }

    private static String progress(Map<String, Kind> kinds)
    {
        return String.join(", ", kinds.values().stream().map(kind -> "%s %,d (%d errors)".formatted(kind.name, kind.timings.count(), kind.errors.get())).toList());
    }

    /** Every process with a pid file in {@code run}, by the file's name. */
    private static List<ProcessMeter> processes(Path run)
            throws IOException
    {
        List<ProcessMeter> meters = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(run, "*.pid")) {
            for (Path file : files) {
                meters.add(ProcessMeter.of(file.getFileName().toString().replace(".pid", ""), file, false));
            }
        }
        return meters;
    }

    private static String memory(List<ProcessMeter> processes)
    {
        return String.join(", ", processes.stream().map(process -> "%s %s MiB".formatted(process.name(), process.resident() >> 20)).sorted().toList());
    }

    private interface Call
    {
        boolean run()
                throws Exception;
    }

    private static final class Kind
    {
        private final String name;
        private final Timings timings;
        private final AtomicLong errors = new AtomicLong();
        private final AtomicInteger recordedErrors = new AtomicInteger();
        private volatile String firstError;

        Kind(String name)
        {
            this.name = name;
            this.timings = new Timings(name);
        }

        void time(Call call)
        {
            long start = System.nanoTime();
            try {
                if (call.run()) {
                    long elapsed = System.nanoTime() - start;
                    synchronized (timings) {
                        timings.add(elapsed);
                    }
                    return;
                }
                error("an answer other than 200");
            }
            catch (Exception e) {
                error(String.valueOf(e.getMessage()));
            }
        }

        private void error(String message)
        {
            errors.incrementAndGet();
            if (recordedErrors.getAndIncrement() == 0) {
                firstError = message;
            }
        }

        java.util.Optional<String> firstError()
        {
            return java.util.Optional.ofNullable(firstError);
        }
    }
}
