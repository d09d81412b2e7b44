package dev.trinomesh.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.spi.eventlistener.EventListenerFactory.EventListenerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.trinomesh.lineage.RecordingEndpoint.await;
import static dev.trinomesh.lineage.TestingQueryEvents.read;
import static org.assertj.core.api.Assertions.assertThat;

/** The listener as Trino creates it, against a real HTTP endpoint that goes away, fails and comes back. */
class TestLineageDelivery
{
    static final EventListenerContext CONTEXT = new EventListenerContext()
    {
        @Override
        public String getVersion()
        {
            return "476";
        }

        @Override
        public OpenTelemetry getOpenTelemetry()
        {
            return OpenTelemetry.noop();
        }

        @Override
        public Tracer getTracer()
        {
            return OpenTelemetry.noop().getTracer("test");
        }
    };

    @TempDir
    Path spoolDir;

    private RecordingEndpoint endpoint;
    private final List<MeshLineageListener> listeners = new ArrayList<>();

    @BeforeEach
    void startEndpoint()
    {
        endpoint = RecordingEndpoint.start();
    }

    @AfterEach
    void stop()
    {
        listeners.forEach(MeshLineageListener::shutdown);
        endpoint.close();
    }

    @Test
    void sendsBatchesWithTheServiceCredentials()
    {
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-size", "10"));

        send(listener, ids("q", 0, 25));

        await(() -> endpoint.storedQueryIds().size() == 25, "all events are stored");
        assertThat(endpoint.storedQueryIds()).isEqualTo(ids("q", 0, 25));
        assertThat(endpoint.batches()).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(10));
        assertThat(endpoint.requestHeaders()).allSatisfy(headers -> {
            assertThat(headers.get("path")).isEqualTo("/v1/lineage/batch");
            assertThat(headers.get("authorization")).isEqualTo("Bearer secret-token");
            assertThat(headers.get("user")).isEqualTo("trino-coordinator");
            assertThat(headers.get("contentType")).startsWith("application/json");
        });
        DestinationStats stats = stats(listener);
        await(() -> stats.getSent() == 25, "the counters catch up");
        assertThat(stats.getEnqueued()).isEqualTo(25);
        assertThat(stats.getSpooled()).isZero();
        assertThat(stats.getDuplicates()).isZero();
    }

    @Test
    void outageIsBridgedByTheSpoolExactlyOnceAndInOrder()
    {
        MeshLineageListener listener = listener(Map.of());
        DestinationStats stats = stats(listener);
        endpoint.stop();

        send(listener, ids("q", 0, 5));
        await(() -> stats.getSpooled() == 5, "the failed batch is spooled");
        // while the spool holds events, new ones go behind them
        send(listener, ids("q", 5, 10));
        await(() -> stats.getSpooled() == 10, "new events are spooled behind the old ones");
        assertThat(stats.getFailedAttempts()).isPositive();
        assertThat(stats.getLastFailure()).contains("unreachable");

        endpoint.restart();
        await(() -> endpoint.storedQueryIds().size() == 10, "the spool is replayed");
        send(listener, ids("q", 10, 12));
        await(() -> endpoint.storedQueryIds().size() == 12, "live sending resumes");

        assertThat(endpoint.storedQueryIds()).isEqualTo(ids("q", 0, 12));
        // nothing was sent twice
        assertThat(endpoint.batches().stream().flatMap(List::stream).toList()).isEqualTo(ids("q", 0, 12));
        // the counters are updated once the answer is read, just after the endpoint stored the events
        await(() -> stats.getSent() == 12, "the counters catch up");
        assertThat(stats.getReplayed()).isEqualTo(10);
        await(() -> stats.getSpoolSegments() == 0, "the spool is empty");
        assertThat(stats.getSpoolBytes()).isZero();
    }

    @Test
    void serviceErrorsAreRetriedInOrder()
    {
        MeshLineageListener listener = listener(Map.of());
        DestinationStats stats = stats(listener);
        endpoint.failWith(503);

        send(listener, ids("q", 0, 5));
        await(() -> stats.getFailedAttempts() >= 3, "retries with backoff");
        assertThat(stats.getLastFailure()).contains("the lineage store is unavailable");
        send(listener, ids("q", 5, 8));
        endpoint.failWith(0);

        await(() -> endpoint.storedQueryIds().size() == 8, "all events are stored");
        assertThat(endpoint.batches().stream().flatMap(List::stream).toList()).isEqualTo(ids("q", 0, 8));
    }

    @Test
    void spoolSurvivesARestartAndIsReplayedBeforeNewEvents()
    {
        endpoint.stop();
        MeshLineageListener first = listener(Map.of());
        send(first, ids("q", 0, 5));
        await(() -> stats(first).getSpooled() == 5, "the events are spooled");
        first.shutdown();

        endpoint.restart();
        MeshLineageListener second = listener(Map.of());
        send(second, ids("q", 5, 10));

        await(() -> endpoint.storedQueryIds().size() == 10, "old and new events are stored");
        assertThat(endpoint.storedQueryIds()).isEqualTo(ids("q", 0, 10));
        await(() -> stats(second).getSent() == 10, "the counters catch up");
        // the new events were spooled behind the old ones, or arrived after the replay and were sent live
        assertThat(stats(second).getReplayed()).isBetween(5L, 10L);
    }

    @Test
    void shutdownSendsWhatIsQueued()
    {
        // a long linger keeps the events in the queue until shutdown
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-linger", "1m"));
        send(listener, ids("q", 0, 3));

        long start = System.nanoTime();
        listener.shutdown();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(endpoint.storedQueryIds()).isEqualTo(ids("q", 0, 3));
        assertThat(stats(listener).getSpooled()).isZero();
    }

    @Test
    void shutdownSpoolsWhatCannotBeSent()
            throws Exception
    {
        endpoint.stop();
        MeshLineageListener listener = listener(Map.of("mesh.lineage.retry-initial-delay", "1m", "mesh.lineage.retry-max-delay", "1m"));
        send(listener, ids("q", 0, 3));
        await(() -> stats(listener).getSpooled() == 3, "the failed batch is spooled");
        send(listener, ids("q", 3, 5));

        long start = System.nanoTime();
        listener.shutdown();

        // no retry during shutdown: the backoff is cut short and the rest is spooled
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(stats(listener).getSpooled()).isEqualTo(5);
        assertThat(spooledQueryIds(spoolDir.resolve("catalog-service"))).isEqualTo(ids("q", 0, 5));
    }

    @Test
    void shutdownDeadlineBoundsAHangingDestination()
    {
        MeshLineageListener listener = listener(Map.of("mesh.lineage.shutdown-timeout", "500ms", "mesh.lineage.batch-size", "1"));
        endpoint.delay(Duration.ofSeconds(3));
        send(listener, ids("q", 0, 3));
        await(() -> !endpoint.requestHeaders().isEmpty(), "a request is in flight");

        long start = System.nanoTime();
        listener.shutdown();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        DestinationStats stats = stats(listener);
        assertThat(stats.getSent() + stats.getSpooled()).isEqualTo(3);

        // the next start delivers everything (the store recognises what the hanging request stored late)
        endpoint.delay(Duration.ZERO);
        listener(Map.of());
        await(() -> endpoint.storedQueryIds().size() == 3, "the spool is replayed");
        assertThat(endpoint.storedQueryIds()).containsExactlyInAnyOrderElementsOf(ids("q", 0, 3));
    }

    @Test
    void refusedEventIsRejectedAndKeptWithoutTakingItsBatchWithIt()
            throws Exception
    {
        endpoint.refuse(event -> event.path("job").path("name").asText().startsWith("bad"));
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-linger", "200ms"));

        List<String> queries = new ArrayList<>(ids("q", 0, 10));
        queries.set(6, "bad-6");
        send(listener, queries);

        DestinationStats stats = stats(listener);
        await(() -> stats.getRejected() == 1 && endpoint.storedQueryIds().size() == 9, "the good events are stored");
        assertThat(endpoint.storedQueryIds()).isEqualTo(queries.stream().filter(id -> !id.startsWith("bad")).toList());
        assertThat(stats.getSpooled()).isZero();

        Path rejectedDir = spoolDir.resolve("catalog-service").resolve("rejected");
        List<JsonNode> rejected = ndjson(rejectedDir);
        assertThat(rejected).singleElement().satisfies(line -> {
            assertThat(line.path("status").asInt()).isEqualTo(400);
            assertThat(line.path("reason").asText()).isEqualTo("event of query bad-6: eventTime is not a timestamp");
            assertThat(line.path("destination").asText()).isEqualTo("catalog-service");
            assertThat(line.path("event").path("job").path("name").asText()).isEqualTo("bad-6");
        });
    }

    @Test
    void batchTooLargeIsSplit()
    {
        endpoint.maxBatch(3);
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-linger", "200ms"));

        send(listener, ids("q", 0, 10));

        await(() -> endpoint.storedQueryIds().size() == 10, "all events are stored");
        assertThat(endpoint.storedQueryIds()).isEqualTo(ids("q", 0, 10));
        assertThat(endpoint.batches()).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(3));
        assertThat(stats(listener).getRejected()).isZero();
    }

    @Test
    void spoolFullDropNewestKeepsTheOldest()
    {
        endpoint.stop();
        // one event a segment, room for three events of ~1.5kB
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-size", "1", "mesh.lineage.spool-max-size", "5kB"));
        DestinationStats stats = stats(listener);

        send(listener, ids("q", 0, 10));
        await(() -> stats.getSpooled() + stats.getDroppedSpoolFull() == 10, "every event is spooled or dropped");
        long kept = stats.getSpooled();
        assertThat(kept).isBetween(2L, 5L);

        endpoint.restart();
        await(() -> endpoint.storedQueryIds().size() == kept, "the spool is replayed");
        assertThat(endpoint.storedQueryIds()).isEqualTo(ids("q", 0, (int) kept));
        assertThat(stats.getDroppedSpoolFull()).isEqualTo(10 - kept);
    }

    @Test
    void spoolFullDropOldestKeepsTheNewest()
    {
        endpoint.stop();
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-size", "1", "mesh.lineage.spool-max-size", "5kB", "mesh.lineage.spool-full-policy", "drop-oldest"));
        DestinationStats stats = stats(listener);

        send(listener, ids("q", 0, 10));
        await(() -> stats.getSpooled() == 10, "every event is spooled");
        await(() -> stats.getDroppedSpoolFull() > 0, "the oldest are dropped");
        long dropped = stats.getDroppedSpoolFull();

        endpoint.restart();
        await(() -> endpoint.storedQueryIds().size() == 10 - dropped, "the spool is replayed");
        assertThat(endpoint.storedQueryIds()).isEqualTo(ids("q", (int) dropped, 10));
    }

    @Test
    void fullQueueDropsAndCountsWithoutBlocking()
    {
        endpoint.delay(Duration.ofMillis(300));
        MeshLineageListener listener = listener(Map.of("mesh.lineage.queue-capacity", "5", "mesh.lineage.batch-size", "1"));
        DestinationStats stats = stats(listener);

        long start = System.nanoTime();
        send(listener, ids("q", 0, 30));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));

        assertThat(stats.getDroppedQueueFull()).isPositive();
        assertThat(stats.getEnqueued() + stats.getDroppedQueueFull()).isEqualTo(30);
        endpoint.delay(Duration.ZERO);
        await(() -> endpoint.storedQueryIds().size() == stats.getEnqueued(), "the queued events are delivered");
    }

    @Test
    void forwardsEveryEventToOpenLineageEndpoints()
            throws Exception
    {
        MeshLineageListener listener = listener(Map.of(
                "mesh.lineage.forward.uris", endpoint.openLineageUri().toString(),
                "mesh.lineage.forward.api-key", "ol-key"));

        send(listener, ids("q", 0, 4));

        await(() -> endpoint.openLineageQueryIds().size() == 4 && endpoint.storedQueryIds().size() == 4, "both destinations have the events");
        assertThat(endpoint.openLineageQueryIds()).isEqualTo(ids("q", 0, 4));
        assertThat(endpoint.requestHeaders()).filteredOn(headers -> headers.get("path").equals(RecordingEndpoint.OPENLINEAGE_PATH))
                .hasSize(4)
                .allSatisfy(headers -> assertThat(headers.get("authorization")).isEqualTo("Bearer ol-key"));
        assertThat(listener.destinations()).extracting(LineageDestination::name)
                .containsExactly("catalog-service", MeshLineageModule.forwardDestinationName(endpoint.openLineageUri()));
        try (Stream<Path> dirs = Files.list(spoolDir)) {
            assertThat(dirs.map(dir -> dir.getFileName().toString()))
                    .containsExactlyInAnyOrder("catalog-service", MeshLineageModule.forwardDestinationName(endpoint.openLineageUri()));
        }
    }

    @Test
    void forwardDestinationIsRetriedOnItsOwn()
    {
        RecordingEndpoint marquez = RecordingEndpoint.start();
        try {
            MeshLineageListener listener = listener(Map.of("mesh.lineage.forward.uris", marquez.openLineageUri().toString()));
            marquez.stop();

            send(listener, ids("q", 0, 3));
            await(() -> endpoint.storedQueryIds().size() == 3, "the catalog service is not held up");
            LineageDestination forward = listener.destinations().get(1);
            await(() -> forward.stats().getSpooled() == 3, "the forward destination spools");

            marquez.restart();
            await(() -> marquez.openLineageQueryIds().size() == 3, "the forward destination catches up");
            assertThat(marquez.openLineageQueryIds()).isEqualTo(ids("q", 0, 3));
        }
        finally {
            marquez.close();
        }
    }

    @Test
    void countersAreExportedOverJmx()
            throws Exception
    {
        MeshLineageListener listener = listener(Map.of());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName destination = new ObjectName("dev.trinomesh.lineage:name=mesh-lineage,destination=catalog-service");
        ObjectName listenerName = new ObjectName("dev.trinomesh.lineage:name=mesh-lineage");

        listener.queryCompleted(TestingQueryEvents.query("select-one").build());
        send(listener, List.of("q1", "q1"));

        await(() -> stats(listener).getSent() == 2, "both events are sent");
        assertThat(server.getAttribute(destination, "Sent")).isEqualTo(2L);
        assertThat(server.getAttribute(destination, "Duplicates")).isEqualTo(1L);
        assertThat(server.getAttribute(destination, "Uri")).isEqualTo(endpoint.uri() + "/v1/lineage/batch");
        assertThat(server.getAttribute(listenerName, "QueriesSkipped")).isEqualTo(1L);
        assertThat(server.getAttribute(listenerName, "EventsMapped")).isEqualTo(2L);
        assertThat(endpoint.storedQueryIds()).containsExactly("q1");

        listener.shutdown();
        assertThat(server.isRegistered(destination)).isFalse();
        assertThat(server.isRegistered(listenerName)).isFalse();

        listener.queryCompleted(read("late"));
        assertThat(listener.stats().getDroppedAfterShutdown()).isEqualTo(1);
    }

    private MeshLineageListener listener(Map<String, String> overrides)
    {
        Map<String, String> config = new HashMap<>(Map.of(
                "mesh.catalog-service.uri", endpoint.uri().toString(),
                "mesh.catalog-service.token", "secret-token",
                "mesh.catalog-service.user", "trino-coordinator",
                "mesh.lineage.spool-dir", spoolDir.toString(),
                "mesh.lineage.batch-linger", "5ms",
                "mesh.lineage.retry-initial-delay", "20ms",
                "mesh.lineage.retry-max-delay", "100ms",
                "mesh.lineage.shutdown-timeout", "2s"));
        config.putAll(overrides);
        MeshLineageListener listener = (MeshLineageListener) new MeshLineageListenerFactory().create(config, CONTEXT);
        listeners.add(listener);
        return listener;
    }

    private static void send(MeshLineageListener listener, List<String> queryIds)
    {
        queryIds.forEach(queryId -> listener.queryCompleted(read(queryId)));
    }

    private static DestinationStats stats(MeshLineageListener listener)
    {
        return listener.destinations().getFirst().stats();
    }

    private static List<String> ids(String prefix, int from, int to)
    {
        return IntStream.range(from, to).mapToObj(i -> "%s%02d".formatted(prefix, i)).toList();
    }

    private static List<String> spooledQueryIds(Path directory)
            throws Exception
    {
        try (Stream<Path> files = Files.list(directory)) {
            List<String> ids = new ArrayList<>();
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    ids.add(DescriptorDocuments.jsonMapper().readTree(line).path("job").path("name").asText());
                }
            }
            return ids;
        }
    }

    private static List<JsonNode> ndjson(Path directory)
            throws Exception
    {
        try (Stream<Path> files = Files.list(directory)) {
            List<JsonNode> lines = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    lines.add(DescriptorDocuments.jsonMapper().readTree(line));
                }
            }
            return lines;
        }
    }
}
