package dev.trinomesh.benchmarks.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trinomesh.benchmarks.Timings;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.lineage.MeshLineageListenerFactory;
import dev.trinomesh.testing.ClosedPort;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * How fast the mesh-lineage listener delivers an event, and how long its {@code shutdown()} (Trino's close of an
 * event listener) takes with events queued: the real listener, built by its factory with default settings (batches of
 * up to 500, 200 ms linger, queue of 10,000, 10 s shutdown timeout), on events shaped like {@link RealisticQuery}.
 * <ol>
 * <li>Delivery latency: from {@code queryCompleted} until the catalog service (in-process, H2) has stored the event
 * and answered, at a steady rate of queries. The listener posts to a relay in this JVM that passes each batch to the
 * service and notes, when the service has answered, the time of every event in it.</li>
 * <li>Shutdown with events queued: N events offered as fast as possible, then {@code shutdown()} timed, (a) with the
 * service up (what is queued is sent), (b) with the service down (connection refused: the sender has already failed
 * once and is backing off, so shutdown spools what is queued), (c) with a service that accepts and never answers
 * (bounded by the shutdown timeout). Every event must end up delivered or spooled.</li>
 * </ol>
 * Usage: ListenerDelivery [ROUNDS] (each shutdown case, default 5).
 */
public final class ListenerDelivery
{
    private static final ObjectName DESTINATION = objectName("dev.trinomesh.lineage:name=mesh-lineage,destination=catalog-service");
    private static final MBeanServer MBEANS = ManagementFactory.getPlatformMBeanServer();
    private static final ObjectMapper JSON = new ObjectMapper();

    // Airlift's logging takes over System.out when the service starts; results go to the real stdout.
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true);

    /** The token of a listener whose service is down or hangs: nothing ever checks it. */
    private static final String NO_SERVICE_TOKEN = "no-service-to-check-it";

    private ListenerDelivery() {}

    public static void main(String[] args)
            throws Exception
    {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (TestingCatalogService service = new TestingCatalogService();
                Relay relay = new Relay(service.baseUri(), service.tokenFor("trino"))) {
            OUT.printf("%n== delivery latency: queryCompleted until the catalog service (H2) has stored the event ==%n");
            deliveryLatency(relay, "warm-up", 1_000, 5_000);
            OUT.println(deliveryLatency(relay, "10 queries/s", 10, 300).summary());
            OUT.println(deliveryLatency(relay, "100 queries/s", 100, 3_000).summary());
            OUT.println(deliveryLatency(relay, "1,000 queries/s", 1_000, 10_000).summary());

            OUT.printf("%n== shutdown() with events queued, %s rounds each ==%n", rounds);
            for (int events : List.of(1_000, 10_000)) {
                shutdownServiceUp(relay, events, rounds);
            }
            for (int events : List.of(1_000, 10_000)) {
                shutdownServiceDown(events, rounds);
            }
            shutdownServiceHanging(1_000, rounds);
        }
    }

    private static Timings deliveryLatency(Relay relay, String name, int perSecond, int count)
            throws Exception
    {
        String prefix = "latency-%s-%s-".formatted(perSecond, count);
        List<QueryCompletedEvent> events = events(prefix, count);
        Map<String, Long> completed = new HashMap<>();
        Path spool = Files.createTempDirectory("mesh-lineage-delivery");
        EventListener listener = listener(relay.uri(), relay.token(), spool);
        try {
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + i * interval;
                for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
                QueryCompletedEvent event = events.get(i);
                completed.put(event.getMetadata().getQueryId(), System.nanoTime());
                listener.queryCompleted(event);
            }
            relay.await(prefix, count, TimeUnit.MINUTES.toNanos(2));
        }
        finally {
            listener.shutdown();
            deleteRecursively(spool);
        }
        Timings latency = new Timings("delivery latency at " + name);
        completed.forEach((queryId, at) -> latency.add(relay.deliveredAt(queryId) - at));
        relay.checkOnce(prefix, count);
        return latency;
    }

    /** Service up: shutdown sends what is queued (within the shutdown timeout). */
    private static void shutdownServiceUp(Relay relay, int count, int rounds)
            throws Exception
    {
        Timings shutdown = new Timings("shutdown, service up, %,d offered".formatted(count));
        List<String> accounts = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            String prefix = "up-%s-%s-".formatted(count, round);
            List<QueryCompletedEvent> events = events(prefix, count);
            Path spool = Files.createTempDirectory("mesh-lineage-shutdown");
            try {
                EventListener listener = listener(relay.uri(), relay.token(), spool);
                events.forEach(listener::queryCompleted);
                Closed closed = close(listener);
                shutdown.add(closed.nanos());
                long delivered = relay.delivered(prefix);
                long spooled = spooledEvents(spool);
                relay.checkOnce(prefix, (int) delivered);
                check(delivered + spooled == count, "%s of %s events were neither delivered nor spooled".formatted(count - delivered - spooled, count));
                accounts.add("%s queued/%s delivered/%s spooled".formatted(closed.queued(), delivered, spooled));
            }
            finally {
                deleteRecursively(spool);
            }
        }
        OUT.println(shutdown.summary());
        OUT.println("    at shutdown, per round: " + String.join(", ", accounts));
    }

    /** Service down (nothing listens): the sender has failed once and backs off; shutdown spools what is queued. */
    private static void shutdownServiceDown(int count, int rounds)
            throws Exception
    {
        Timings shutdown = new Timings("shutdown, service down, %,d offered".formatted(count));
        List<String> accounts = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<QueryCompletedEvent> events = events("down-%s-%s-".formatted(count, round), count + 1);
            Path spool = Files.createTempDirectory("mesh-lineage-shutdown");
            try (ClosedPort nothingListens = new ClosedPort()) {
                EventListener listener = listener(nothingListens.uri(), NO_SERVICE_TOKEN, spool);
                listener.queryCompleted(events.getFirst());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (spooledEvents(spool) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                check(spooledEvents(spool) == 1, "the first event was not spooled after a failed send");
                events.subList(1, events.size()).forEach(listener::queryCompleted);
                Closed closed = close(listener);
                shutdown.add(closed.nanos());
                long spooled = spooledEvents(spool);
                check(spooled == count + 1, "%s of %s events were spooled".formatted(spooled, count + 1));
                accounts.add("%s queued/%s spooled".formatted(closed.queued(), spooled));
            }
            finally {
                deleteRecursively(spool);
            }
        }
        OUT.println(shutdown.summary());
        OUT.println("    at shutdown, per round: " + String.join(", ", accounts));
    }

    /** A service that takes the request and never answers: shutdown gives up at mesh.lineage.shutdown-timeout (10 s) and spools. */
    private static void shutdownServiceHanging(int count, int rounds)
            throws Exception
    {
        Timings shutdown = new Timings("shutdown, service hanging, %,d offered".formatted(count));
        List<String> accounts = new ArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        HttpServer hanging = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hanging.createContext("/v1/lineage/batch", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                release.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        hanging.setExecutor(Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
        hanging.start();
        try {
            for (int round = 0; round < rounds; round++) {
                List<QueryCompletedEvent> events = events("hanging-%s-%s-".formatted(count, round), count);
                Path spool = Files.createTempDirectory("mesh-lineage-shutdown");
                try {
                    int before = requests.get();
                    EventListener listener = listener(URI.create("http://127.0.0.1:" + hanging.getAddress().getPort()), NO_SERVICE_TOKEN, spool);
                    events.forEach(listener::queryCompleted);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (requests.get() == before && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    check(requests.get() > before, "no request reached the hanging service");
                    Closed closed = close(listener);
                    shutdown.add(closed.nanos());
                    long spooled = spooledEvents(spool);
                    check(spooled == count, "%s of %s events were spooled".formatted(spooled, count));
                    accounts.add("%s queued/%s spooled".formatted(closed.queued(), spooled));
                }
                finally {
                    deleteRecursively(spool);
                }
            }
        }
        finally {
            release.countDown();
            hanging.stop(0);
        }
        OUT.println(shutdown.summary());
        OUT.println("    at shutdown, per round: " + String.join(", ", accounts));
    }

    private record Closed(long nanos, int queued) {}

    /** Times {@code shutdown()}; notes how many events were still queued as it began. */
    private static Closed close(EventListener listener)
            throws JMException
    {
        check((long) MBEANS.getAttribute(DESTINATION, "DroppedQueueFull") == 0, "the queue was full: events were dropped before shutdown");
        int queued = (int) MBEANS.getAttribute(DESTINATION, "QueueSize");
        long start = System.nanoTime();
        listener.shutdown();
        return new Closed(System.nanoTime() - start, queued);
    }

    private static EventListener listener(URI service, String token, Path spool)
    {
        return new MeshLineageListenerFactory().create(Map.of(
                "mesh.catalog-service.uri", service.toString(),
                "mesh.catalog-service.token", token,
                "mesh.lineage.spool-dir", spool.toString()), BenchmarkListenerContext.INSTANCE);
    }

    private static List<QueryCompletedEvent> events(String prefix, int count)
    {
        List<QueryCompletedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(RealisticQuery.event(prefix + i));
        }
        return events;
    }

    /** Events in the destination's spool segments (JSON lines). */
    private static long spooledEvents(Path spool)
            throws IOException
    {
        Path directory = spool.resolve("catalog-service");
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        long lines = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.getFileName().toString().matches("segment-.*\\.ndjson")).toList()) {
                for (byte b : Files.readAllBytes(file)) {
                    if (b == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    private static void check(boolean condition, String failure)
    {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }

    private static void deleteRecursively(Path directory)
            throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static ObjectName objectName(String name)
    {
        try {
            return new ObjectName(name);
        }
        catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Between the listener and the catalog service: passes each batch on and, once the service has answered it,
     * notes the time for every event in it (by query id, the job's name) and how often each arrived.
     */
    private static final class Relay
            implements Closeable
    {
        private final HttpServer server;
        private final HttpClient client = HttpClient.newHttpClient();
        private final URI target;
        private final String token;
        private final Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
        private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();

        /** {@code token}: the listener's, which it sends and the relay passes on. */
        Relay(URI service, String token)
                throws IOException
        {
            target = service.resolve("/v1/lineage/batch");
            this.token = token;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/v1/lineage/batch", this::relay);
            server.setExecutor(Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory()));
            server.start();
        }

        URI uri()
        {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        String token()
        {
            return token;
        }

        private void relay(HttpExchange exchange)
                throws IOException
        {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                HttpRequest.Builder request = HttpRequest.newBuilder(target).POST(HttpRequest.BodyPublishers.ofByteArray(body));
                for (String header : List.of("Content-Type", "Accept", "Authorization")) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        request.header(header, value);
                    }
                }
                HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                long now = System.nanoTime();
                if (response.statusCode() == 200) {
                    for (JsonNode event : JSON.readTree(body)) {
                        String queryId = event.path("job").path("name").asText();
                        deliveredAt.putIfAbsent(queryId, now);
                        deliveries.merge(queryId, 1, Integer::sum);
                    }
                }
                exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        long deliveredAt(String queryId)
        {
            Long at = deliveredAt.get(queryId);
            check(at != null, "the event of query %s was not delivered".formatted(queryId));
            return at;
        }

        long delivered(String prefix)
        {
            return deliveredAt.keySet().stream().filter(queryId -> queryId.startsWith(prefix)).count();
        }

        void await(String prefix, int count, long timeoutNanos)
                throws InterruptedException
        {
            long deadline = System.nanoTime() + timeoutNanos;
            while (delivered(prefix) < count) {
                check(System.nanoTime() < deadline, "%s of %s events delivered in time".formatted(delivered(prefix), count));
                Thread.sleep(5);
            }
        }

        /** Every event of the prefix arrived once (the listener sends an event again only after a failure). */
        void checkOnce(String prefix, int count)
        {
            long once = deliveries.entrySet().stream().filter(entry -> entry.getKey().startsWith(prefix) && entry.getValue() == 1).count();
            check(once == count, "%s of %s events were delivered exactly once".formatted(once, count));
        }

        @Override
        public void close()
        {
            server.stop(0);
            client.close();
        }
    }
}
