package dev.trinomesh.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.lineage.IngestResult;
import dev.trinomesh.api.model.ApiError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A real HTTP lineage endpoint for the tests: the catalog service's {@code POST /v1/lineage/batch} (stores a batch
 * whole or not at all, recognises events it has by runId and eventType) and an OpenLineage {@code POST /api/v1/lineage}.
 * It can be stopped (connections are refused) and started again on the same port, answer with an error status,
 * refuse chosen events, or refuse batches over a size.
 */
final class RecordingEndpoint
        implements AutoCloseable
{
    static final String OPENLINEAGE_PATH = "/api/v1/lineage";

    private final ObjectMapper mapper = DescriptorDocuments.jsonMapper();
    private final Object lock = new Object();
    private final Set<String> stored = new HashSet<>();
    private final List<String> storedQueryIds = new ArrayList<>();
    private final List<List<String>> batches = new ArrayList<>();
    private final List<String> openLineageQueryIds = new ArrayList<>();
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    private int port;
    private HttpServer server;
    private ExecutorService executor;
    private volatile int failWith;
    private volatile Predicate<JsonNode> refuse = _ -> false;
    private volatile int maxBatch = Integer.MAX_VALUE;
    private volatile long delayMillis;

    static RecordingEndpoint start()
    {
        RecordingEndpoint endpoint = new RecordingEndpoint();
        endpoint.listen();
        return endpoint;
    }

    URI uri()
    {
        return URI.create("http://127.0.0.1:" + port);
    }

    URI openLineageUri()
    {
        return uri().resolve(OPENLINEAGE_PATH);
    }

    /** Connections are refused until {@link #restart()}. */
    void stop()
    {
        synchronized (lock) {
            if (server != null) {
                server.stop(0);
                executor.shutdownNow();
                server = null;
            }
        }
    }

    void restart()
    {
        listen();
    }

    void failWith(int status)
    {
        failWith = status;
    }

    void refuse(Predicate<JsonNode> refuse)
    {
        this.refuse = refuse;
    }

    void maxBatch(int maxBatch)
    {
        this.maxBatch = maxBatch;
    }

    void delay(Duration delay)
    {
        this.delayMillis = delay.toMillis();
    }

    /** Query ids of the events stored, in the order they were stored, each once. */
    List<String> storedQueryIds()
    {
        synchronized (lock) {
            return List.copyOf(storedQueryIds);
        }
    }

    /** Query ids of each batch stored. */
    List<List<String>> batches()
    {
        synchronized (lock) {
            return List.copyOf(batches);
        }
    }

    List<String> openLineageQueryIds()
    {
        synchronized (lock) {
            return List.copyOf(openLineageQueryIds);
        }
    }

    List<Map<String, String>> requestHeaders()
    {
        return List.copyOf(headers);
    }

    @Override
    public void close()
    {
        stop();
    }

    static void await(BooleanSupplier condition, String description)
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + description);
            }
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void listen()
    {
        synchronized (lock) {
            for (int attempt = 0; ; attempt++) {
                try {
                    HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                    created.createContext("/v1/lineage/batch", this::batch);
                    created.createContext(OPENLINEAGE_PATH, this::openLineage);
                    ExecutorService threads = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("recording-endpoint-", 0).factory());
                    created.setExecutor(threads);
                    created.start();
                    server = created;
                    executor = threads;
                    port = created.getAddress().getPort();
                    return;
                }
                catch (BindException e) {
                    if (attempt > 50) {
                        throw new UncheckedIOException(e);
                    }
                    sleep(100);
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void batch(HttpExchange exchange)
            throws IOException
    {
        try (exchange) {
            record(exchange);
            JsonNode events = mapper.readTree(exchange.getRequestBody().readAllBytes());
            sleep(delayMillis);
            if (failWith != 0) {
                respond(exchange, failWith, new ApiError(failWith, "Unavailable", "the lineage store is unavailable", List.of()));
                return;
            }
            if (events.size() > maxBatch) {
                respond(exchange, 413, new ApiError(413, "PayloadTooLarge", "at most %s events per batch".formatted(maxBatch), List.of()));
                return;
            }
            for (JsonNode event : events) {
                if (refuse.test(event)) {
                    respond(exchange, 400, new ApiError(400, "InvalidEvent", "event of query %s: eventTime is not a timestamp".formatted(queryId(event)), List.of()));
                    return;
                }
            }
            int accepted = 0;
            List<String> batch = new ArrayList<>();
            synchronized (lock) {
                for (JsonNode event : events) {
                    if (stored.add(event.path("run").path("runId").asText() + "/" + event.path("eventType").asText())) {
                        storedQueryIds.add(queryId(event));
                        accepted++;
                    }
                    batch.add(queryId(event));
                }
                batches.add(batch);
            }
            respond(exchange, 200, new IngestResult(events.size(), accepted, events.size() - accepted));
        }
    }

    private void openLineage(HttpExchange exchange)
            throws IOException
    {
        try (exchange) {
            record(exchange);
            JsonNode event = mapper.readTree(exchange.getRequestBody().readAllBytes());
            if (failWith != 0) {
                respond(exchange, failWith, Map.of("error", "unavailable"));
                return;
            }
            if (!event.isObject() || refuse.test(event)) {
                respond(exchange, 422, Map.of("error", "not a run event"));
                return;
            }
            synchronized (lock) {
                openLineageQueryIds.add(queryId(event));
            }
            exchange.sendResponseHeaders(201, -1);
        }
    }

    private void record(HttpExchange exchange)
    {
        headers.add(Map.of(
                "path", exchange.getRequestURI().getPath(),
                "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                "user", String.valueOf(exchange.getRequestHeaders().getFirst("X-Mesh-User")),
                "contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))));
    }

    private void respond(HttpExchange exchange, int status, Object body)
            throws IOException
    {
        byte[] bytes = mapper.writeValueAsString(body).getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String queryId(JsonNode event)
    {
        return event.path("job").path("name").asText();
    }

    private static void sleep(long millis)
    {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
