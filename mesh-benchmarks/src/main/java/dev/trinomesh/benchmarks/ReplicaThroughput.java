package dev.trinomesh.benchmarks;

import dev.trinomesh.benchmarks.lineagestore.TrinoShapedEvents;
import dev.trinomesh.testing.TestingHaproxy;
import dev.trinomesh.testing.TestingPostgreSqlServer;
import dev.trinomesh.testing.TestingServiceReplicas;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registry reads and lineage ingestion through HAProxy to one catalog service replica, then to two, alternating in one
 * run: two replicas (each its own process) on one durable PostgreSQL, and two balancers, one before the first replica
 * only and one before both. Reports requests per second, latency median and p99, errors, and the replicas' CPU per
 * request (user + system of their processes). On 2 cores the replicas share the cores with PostgreSQL, HAProxy and the
 * clients: the ratio shows what a second replica costs here, not how it scales on more machines.
 */
public final class ReplicaThroughput
{
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    private static final int PRODUCTS = 50;
    private static final int READERS = 16;
    private static final int SENDERS = 4;
    private static final int BATCH = 100;
    private static final long PHASE_MILLIS = 10_000;

    private ReplicaThroughput() {}

    public static void main(String[] args)
            throws Exception
    {
        try {
            run(args);
        }
        catch (Throwable e) {
            e.printStackTrace();
            // The clients' threads would keep the JVM alive.
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args)
            throws Exception
    {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (TestingServiceReplicas replicas = new TestingServiceReplicas(2, List.of("admin", "trino"), Map.of(
                        "governance.admins", "user:admin",
                        // Each lineage phase rolls up its own work at its end (see lineage()); no timer adds some of it to another phase.
                        "lineage.rollup-interval", "1d"), TestingPostgreSqlServer.durable());
                TestingHaproxy one = new TestingHaproxy(List.of(replicas.replica(0)), "/v1/health/ready");
                HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(READERS + SENDERS)).build()) {
            OUT.printf("== two replicas on %s; %s clients reading products, %s sending lineage batches of %s events, %s s per phase ==%n",
                    PostgreSqlSettings.describe(replicas.database().jdbcUrl(), replicas.database().user()), READERS, SENDERS, BATCH, PHASE_MILLIS / 1000);
            String admin = "Bearer " + replicas.token("admin");
            register(http, replicas.uri(), admin);
            Instant events = Instant.parse("2025-06-01T00:00:00Z");
            List<Double> readRatios = new ArrayList<>();
            List<Double> lineageRatios = new ArrayList<>();
            // A warm-up round through both balancers (not counted): both replicas' JIT compilers have seen the work.
            for (int round = 0; round <= rounds; round++) {
                // Which goes first alternates, so that drift hits both alike.
                boolean oneFirst = round % 2 == 1;
                Result readsOne = null;
                Result readsTwo;
                if (oneFirst) {
                    readsOne = reads(http, one.uri(), admin, replicas);
                }
                readsTwo = reads(http, replicas.uri(), admin, replicas);
                if (!oneFirst) {
                    readsOne = reads(http, one.uri(), admin, replicas);
                }
                Result lineageOne = null;
                Result lineageTwo;
                if (oneFirst) {
                    lineageOne = lineage(http, one.uri(), admin, replicas, new TrinoShapedEvents(200, round, round * 10L, events));
                    events = events.plusSeconds(3_600);
                }
                lineageTwo = lineage(http, replicas.uri(), admin, replicas, new TrinoShapedEvents(200, round, round * 10L + 1, events));
                events = events.plusSeconds(3_600);
                if (!oneFirst) {
                    lineageOne = lineage(http, one.uri(), admin, replicas, new TrinoShapedEvents(200, round, round * 10L, events));
                    events = events.plusSeconds(3_600);
                }
                OUT.printf("%s%n", round == 0 ? "warm-up (not counted)" : "round " + round + (oneFirst ? " (1 replica first)" : " (2 replicas first)"));
                OUT.println("  registry reads, 1 replica:  " + readsOne);
                OUT.println("  registry reads, 2 replicas: " + readsTwo);
                OUT.println("  lineage events, 1 replica:  " + lineageOne);
                OUT.println("  lineage events, 2 replicas: " + lineageTwo);
                if (round > 0) {
                    readRatios.add(readsTwo.perSecond() / readsOne.perSecond());
                    lineageRatios.add(lineageTwo.perSecond() / lineageOne.perSecond());
                }
            }
            OUT.printf("median throughput of 2 replicas / 1 replica: registry reads %.2f, lineage ingestion %.2f (rounds: %s, %s)%n",
                    median(readRatios), median(lineageRatios), format(readRatios), format(lineageRatios));
        }
    }

    private static void register(HttpClient http, URI service, String admin)
            throws Exception
    {
        for (int product = 0; product < PRODUCTS; product++) {
            String descriptor = """
                    apiVersion: mesh/v1
                    kind: DataProduct
                    metadata: {name: %s, domain: bench, owner: user:admin, version: 1.0.0, status: published, description: a product read by the benchmark}
                    spec:
                      datasets:
                        - name: orders
                          source: {table: tpch.tiny.orders}
                          columns:
                            - {name: orderkey, type: bigint, description: the order}
                            - {name: totalprice, type: double}
                      access:
                        consumers: [group:analysts]
                    """.formatted(BenchProducts.name(product));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.resolve("/v1/products/" + BenchProducts.name(product)))
                    .header("Authorization", admin)
                    .header("Content-Type", "application/yaml")
                    .PUT(HttpRequest.BodyPublishers.ofString(descriptor))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("registering %s: HTTP %s %s".formatted(BenchProducts.name(product), response.statusCode(), response.body()));
            }
        }
    }

    private static Result reads(HttpClient http, URI service, String admin, TestingServiceReplicas replicas)
            throws Exception
    {
        AtomicInteger next = new AtomicInteger();
        return closedLoop(READERS, replicas, () -> {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(service.resolve("/v1/products/" + BenchProducts.name(next.getAndIncrement() % PRODUCTS)))
                    .header("Authorization", admin)
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? 1 : -1;
        }, () -> {});
    }

    /**
     * Lineage batches, and then the roll-up of what they left pending (usage and the runs by dataset), both on the
     * clock: each phase pays for all of its own work, sustained ingestion as it must be paid for, and none is left to
     * slow the next phase down. The replicas' roll-up timers are set to a day: left at 30 s, they would roll up during
     * some phases and not others (and two replicas have two timers).
     */
    private static Result lineage(HttpClient http, URI service, String admin, TestingServiceReplicas replicas, TrinoShapedEvents generator)
            throws Exception
    {
        String trino = "Bearer " + replicas.token("trino");
        // Bodies made before the clock starts: the service's work is measured, not the generator's.
        List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4_000; i++) {
            bodies.add(generator.batch(BATCH));
        }
        AtomicInteger next = new AtomicInteger();
        return closedLoop(SENDERS, replicas, () -> {
            int index = next.getAndIncrement();
            if (index >= bodies.size()) {
                throw new IllegalStateException("the benchmark made too few batches for the phase: make more");
            }
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(service.resolve("/v1/lineage/batch"))
                    .header("Authorization", trino)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(index)))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? BATCH : -1;
        }, () -> {
            // Reading usage rolls up every pending row first (the roll-up of any replica takes every row).
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(service.resolve("/v1/lineage/usage?user=nobody"))
                    .header("Authorization", admin)
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("reading usage (to roll up the phase's lineage): HTTP " + response.statusCode());
            }
        });
    }

    /**
     * {@code clients} threads calling {@code request} back to back for a phase (a request returns its units, or -1 for
     * an error), then {@code finish}, still on the clock.
     */
    private static Result closedLoop(int clients, TestingServiceReplicas replicas, Request request, Finish finish)
            throws Exception
    {
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        Timings latencies = new Timings("requests");
        AtomicLong units = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<ProcessMeter> meters = List.of(ProcessMeter.of("replica 1", replicas.pid(0)), ProcessMeter.of("replica 2", replicas.pid(1)));
        List<ProcessMeter.Mark> marks = meters.stream().map(ProcessMeter::start).toList();
        long started = System.nanoTime();
        long deadline = started + PHASE_MILLIS * 1_000_000;
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                futures.add(executor.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        long done = request.call();
                        long elapsed = System.nanoTime() - start;
                        if (done < 0) {
                            errors.incrementAndGet();
                        }
                        else {
                            units.addAndGet(done);
                            synchronized (latencies) {
                                latencies.add(elapsed);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            finish.run();
        }
        finally {
            executor.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = 0;
        for (int replica = 0; replica < meters.size(); replica++) {
            cpuSeconds += meters.get(replica).since(marks.get(replica)).cpuSeconds();
        }
        return new Result(units.get() / seconds, latencies.count(), latencies.median(), latencies.percentile(0.99), errors.get(), cpuSeconds * 1e3 / Math.max(1, latencies.count()));
    }

    private static double median(List<Double> values)
    {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }

    private static String format(List<Double> ratios)
    {
        return String.join(" ", ratios.stream().map(ratio -> "%.2f".formatted(ratio)).toList());
    }

    private interface Finish
    {
        void run()
                throws Exception;
    }

    private interface Request
    {
        long call()
                throws Exception;
    }

    private record Result(double perSecond, int requests, double medianMillis, double p99Millis, long errors, double cpuMillisPerRequest)
    {
        @Override
        public String toString()
        {
            return "%,.0f/s, %,d requests, median %.1f ms, p99 %.1f ms, %s errors, replicas' CPU %.2f ms per request".formatted(perSecond, requests, medianMillis, p99Millis, errors, cpuMillisPerRequest);
        }
    }
}
