package dev.trinomesh.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Injector;
import dev.trinomesh.api.client.CatalogServiceClientModule;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.lineage.SentRequests.Sent;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.trinomesh.lineage.Conditions.await;
import static dev.trinomesh.lineage.Conditions.returns;
import static dev.trinomesh.lineage.SentRequests.firstSent;
import static dev.trinomesh.lineage.TestingQueryEvents.read;
import static dev.trinomesh.lineage.TestingQueryEvents.table;
import static io.airlift.http.client.HttpClientBinder.httpClientBinder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener's delivery rules against the real lineage store: a catalog service that the tests stop and start
 * again on the same port and database, whose answers (stored, duplicate, refused, unauthorized) are its own.
 * What the store holds is read back through its API. The requests the listener sends are observed on its HTTP
 * client ({@link SentRequests}), so that batches and order can be told apart.
 */
class TestLineageDelivery
{
    private static final String TRINO_TOKEN = RestartableCatalogService.TRINO_TOKEN;
    private static final String ETL_TOKEN = "etl-trino-token-0123456789abcdef";
    private static final String OPENLINEAGE_KEY = "openlineage-key-0123456789abcdef";
    /** For settings that must never run out during a test: if the listener waited for them, the test would fail. */
    private static final String NEVER = "1h";

    @TempDir
    Path directory;

    private Path spoolDir;
    private RestartableCatalogService service;
    private final SentRequests sent = new SentRequests();
    private final List<MeshLineageListener> listeners = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeEach
    void createSpoolDirectory()
            throws IOException
    {
        spoolDir = Files.createDirectories(directory.resolve("spool"));
    }

    @AfterEach
    void stop()
            throws Exception
    {
        listeners.forEach(MeshLineageListener::shutdown);
        for (AutoCloseable server : servers.reversed()) {
            server.close();
        }
    }

    @Test
    void sendsBatchesOfAtMostBatchSizeWithTheServiceToken()
    {
        service = started("catalog", Map.of("api.token-file", tokenFile(Map.of("trino", TRINO_TOKEN))));
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-size", "10", "mesh.catalog-service.token", TRINO_TOKEN));
        DestinationStats stats = stats(listener);

        send(listener, ids("q", 0, 25));

        await("the store accepts the 25 events", () -> stats.getSent() == 25, stats::toString);
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, 25));
        // the service requires a token and took each batch at the first attempt, in order
        assertThat(sent.batches()).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(batch -> assertThat(batch.queryIds()).hasSizeLessThanOrEqualTo(10))
                .allSatisfy(batch -> assertThat(batch.authorization()).contains("Bearer " + TRINO_TOKEN));
        assertThat(sent.batches().stream().flatMap(batch -> batch.queryIds().stream()).toList()).isEqualTo(ids("q", 0, 25));
        assertThat(stats.getFailedAttempts()).isZero();
        assertThat(stats.getEnqueued()).isEqualTo(25);
        assertThat(stats.getSpooled()).isZero();
        assertThat(stats.getDuplicates()).isZero();
    }

    @Test
    void aTokenTheServiceDoesNotKnowYetIsRetriedUntilItDoes()
    {
        // the token is being rotated in: the service's token file does not have it yet
        service = started("catalog", Map.of("api.token-file", tokenFile(Map.of())));
        MeshLineageListener listener = listener(Map.of("mesh.catalog-service.token", TRINO_TOKEN));
        DestinationStats stats = stats(listener);

        send(listener, ids("q", 0, 5));

        await("the unauthorized batch is spooled and retried", () -> stats.getSpooled() == 5 && stats.getFailedAttempts() >= 2, stats::toString);
        assertThat(stats.getLastFailure()).contains("HTTP 401").contains("check mesh.catalog-service.token");
        // 401 is not about the events: none is given up
        assertThat(stats.getRejected()).isZero();
        assertThat(spoolDir.resolve("catalog-service").resolve("rejected")).doesNotExist();

        int mark = sent.mark();
        service.stop();
        service.start(Map.of("api.token-file", tokenFile(Map.of("trino", TRINO_TOKEN))));

        await("the spool is replayed once the service knows the token", () -> stats.getSent() == 5 && stats.getSpoolSegments() == 0, stats::toString);
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, 5));
        assertThat(firstSent(sent.batchesSince(mark))).isEqualTo(ids("q", 0, 5));
        assertThat(stats.getReplayed()).isEqualTo(5);
    }

    @Test
    void aServiceThatDoesNotLetThisTrinoWriteIsRetriedInOrder()
    {
        // a Trino deployed before the service lets it write lineage (lineage.producers)
        String tokens = tokenFile(Map.of("trino", TRINO_TOKEN, "etl-trino", ETL_TOKEN));
        service = started("catalog", Map.of("api.token-file", tokens));
        MeshLineageListener listener = listener(Map.of("mesh.catalog-service.token", ETL_TOKEN));
        DestinationStats stats = stats(listener);

        send(listener, ids("q", 0, 5));
        await("the forbidden batch is retried", () -> stats.getFailedAttempts() >= 3, stats::toString);
        assertThat(stats.getLastFailure()).contains("HTTP 403").contains("check mesh.catalog-service.token, and that its user is one of the service's governance.snapshot-readers or lineage.producers");
        send(listener, ids("q", 5, 8));
        await("new events wait in the spool behind the forbidden ones", () -> stats.getSpooled() == 8, stats::toString);

        // nothing is stored yet: every event is sent after this mark, the oldest first
        int mark = sent.mark();
        service.stop();
        service.start(Map.of("api.token-file", tokens, "lineage.producers", "user:etl-trino"));

        await("the store accepts every event", () -> stats.getSent() == 8, stats::toString);
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, 8));
        assertThat(firstSent(sent.batchesSince(mark))).isEqualTo(ids("q", 0, 8));
        assertThat(stats.getRejected()).isZero();
        assertThat(stats.getDuplicates()).isZero();
    }

    @Test
    void outageIsBridgedByTheSpoolExactlyOnceAndInOrder()
            throws Exception
    {
        service = stopped("catalog");
        MeshLineageListener listener = listener(Map.of());
        DestinationStats stats = stats(listener);

        send(listener, ids("q", 0, 5));
        await("the failed batch is spooled", () -> stats.getSpooled() == 5, stats::toString);
        // while the spool holds events, new ones go behind them
        send(listener, ids("q", 5, 10));
        await("new events are spooled behind the old ones", () -> stats.getSpooled() == 10, stats::toString);
        assertThat(stats.getFailedAttempts()).isPositive();
        assertThat(stats.getLastFailure()).contains("unreachable");
        assertThat(spooledQueryIds()).isEqualTo(ids("q", 0, 10));

        // nothing is stored yet: every event is sent after this mark, the oldest first
        int mark = sent.mark();
        service.start();
        await("the spool is replayed", () -> stats.getSent() == 10 && stats.getSpoolSegments() == 0, stats::toString);
        send(listener, ids("q", 10, 12));
        await("live sending resumes", () -> stats.getSent() == 12, stats::toString);

        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, 12));
        assertThat(firstSent(sent.batchesSince(mark))).isEqualTo(ids("q", 0, 12));
        // the store never received an event it already had
        assertThat(stats.getDuplicates()).isZero();
        assertThat(stats.getReplayed()).isEqualTo(10);
        assertThat(stats.getSpoolBytes()).isZero();
    }

    @Test
    void spoolSurvivesARestartAndIsReplayedBeforeNewEvents()
    {
        service = stopped("catalog");
        MeshLineageListener first = listener(Map.of());
        send(first, ids("q", 0, 5));
        await("the events are spooled", () -> stats(first).getSpooled() == 5, () -> stats(first));
        first.shutdown();

        service.start();
        int mark = sent.mark();
        MeshLineageListener second = listener(Map.of());
        DestinationStats stats = stats(second);
        send(second, ids("q", 5, 10));

        await("old and new events are stored", () -> stats.getSent() == 10, stats::toString);
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, 10));
        assertThat(firstSent(sent.batchesSince(mark))).isEqualTo(ids("q", 0, 10));
        // the new events were spooled behind the old ones, or arrived after the replay and were sent live
        assertThat(stats.getReplayed()).isBetween(5L, 10L);
        assertThat(stats.getDuplicates()).isZero();
    }

    @Test
    void eventsStoredJustBeforeACrashAreRecognisedWhenReplayed()
            throws Exception
    {
        service = stopped("catalog");
        MeshLineageListener first = listener(Map.of());
        send(first, ids("q", 0, 5));
        await("the events are spooled", () -> stats(first).getSpooled() == 5, () -> stats(first));
        // what the disk holds if the process dies after the store took the segment and before it is deleted
        Path copy = Files.createDirectories(directory.resolve("spool-copy"));
        List<Path> segments = segments(spoolDir.resolve("catalog-service"));
        for (Path segment : segments) {
            Files.copy(segment, copy.resolve(segment.getFileName()));
        }
        service.start();
        await("the spool is replayed", () -> stats(first).getSent() == 5 && stats(first).getSpoolSegments() == 0, () -> stats(first));
        first.shutdown();
        for (Path segment : segments) {
            Files.copy(copy.resolve(segment.getFileName()), segment);
        }

        MeshLineageListener second = listener(Map.of());
        DestinationStats stats = stats(second);

        await("the restored segment is replayed", () -> stats.getReplayed() == 5 && stats.getSpoolSegments() == 0, stats::toString);
        // the store recognised every event: nothing lost, nothing stored twice
        assertThat(stats.getDuplicates()).isEqualTo(5);
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, 5));
    }

    @Test
    void shutdownSendsWhatIsQueued()
            throws Exception
    {
        service = started("catalog", Map.of());
        // the linger keeps the events in the queue until shutdown: shutdown must not wait it out
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-linger", "1m"));
        send(listener, ids("q", 0, 3));

        returns("shutdown", listener::shutdown);

        assertThat(senderEnded(listener)).as("the sender has ended when shutdown returns").isTrue();
        assertThat(stats(listener).getSent()).isEqualTo(3);
        assertThat(stats(listener).getSpooled()).isZero();
        assertThat(sent.batches()).singleElement().satisfies(batch -> assertThat(batch.queryIds()).isEqualTo(ids("q", 0, 3)));
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, 3));
    }

    @Test
    void shutdownSpoolsWhatCannotBeSentWithoutWaitingForTheRetry()
            throws Exception
    {
        service = stopped("catalog");
        // a failed attempt waits an hour before the next one
        MeshLineageListener listener = listener(Map.of("mesh.lineage.retry-initial-delay", NEVER, "mesh.lineage.retry-max-delay", NEVER));
        DestinationStats stats = stats(listener);
        send(listener, ids("q", 0, 3));
        await("the failed batch is spooled", () -> stats.getSpooled() == 3, stats::toString);
        send(listener, ids("q", 3, 5));
        long attempts = stats.getFailedAttempts();

        returns("shutdown", listener::shutdown);

        // had shutdown waited for the retry, the sender would still be running and the last events not spooled
        assertThat(senderEnded(listener)).as("the sender has ended when shutdown returns").isTrue();
        assertThat(stats.getFailedAttempts()).as("no attempt during shutdown once the service failed").isEqualTo(attempts);
        assertThat(stats.getSpooled()).isEqualTo(5);
        assertThat(spooledQueryIds()).isEqualTo(ids("q", 0, 5));
    }

    @Test
    void shutdownDeadlineBoundsAHangingDestination()
            throws Exception
    {
        service = stopped("catalog");
        UnresponsiveServer hanging = unresponsive(service.port());
        // the HTTP client would wait an hour for the answer: only the shutdown deadline ends the request
        MeshLineageListener listener = listener(Map.of(
                "mesh.lineage.shutdown-timeout", "500ms",
                "mesh.lineage.batch-size", "1",
                "mesh.catalog-service.http-client.request-timeout", NEVER,
                "mesh.catalog-service.http-client.idle-timeout", NEVER));
        DestinationStats stats = stats(listener);
        send(listener, ids("q", 0, 3));
        await("a request is in flight", () -> hanging.requests() == 1, stats::toString);

        returns("shutdown", listener::shutdown);

        assertThat(senderEnded(listener)).as("the sender has ended when shutdown returns").isTrue();
        assertThat(hanging.requests()).as("the destination never answered").isEqualTo(1);
        assertThat(stats.getSent()).isZero();
        assertThat(stats.getSpooled()).isEqualTo(3);
        assertThat(spooledQueryIds()).isEqualTo(ids("q", 0, 3));

        // the next start delivers everything
        hanging.close();
        service.start();
        MeshLineageListener next = listener(Map.of());
        await("the spool is replayed", () -> stats(next).getSent() == 3, () -> stats(next));
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, 3));
    }

    @Test
    void refusedEventIsRejectedAndKeptWithoutTakingItsBatchWithIt()
            throws Exception
    {
        service = started("catalog", Map.of());
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-linger", "200ms"));
        DestinationStats stats = stats(listener);

        // the store refuses a run whose user is longer than it records
        List<QueryCompletedEvent> events = new ArrayList<>(ids("q", 0, 10).stream().map(TestingQueryEvents::read).toList());
        events.set(6, readBy("q06", "u".repeat(300)));
        events.forEach(listener::queryCompleted);

        await("the store holds the other events", () -> stats.getRejected() == 1 && stats.getSent() == 9, stats::toString);
        List<String> good = ids("q", 0, 10).stream().filter(id -> !id.equals("q06")).toList();
        assertThat(service.storedQueryIds()).isEqualTo(good);
        assertThat(stats.getSpooled()).isZero();
        assertThat(stats.getFailedAttempts()).as("a refusal is not a failure: no backoff").isZero();

        List<JsonNode> rejected = ndjson(spoolDir.resolve("catalog-service").resolve("rejected"));
        assertThat(rejected).singleElement().satisfies(line -> {
            assertThat(line.path("status").asInt()).isEqualTo(400);
            assertThat(line.path("reason").asText())
                    .startsWith("lineage refused: 1 problem in 1 event")
                    .contains("[0].run.facets.meshQuery.user: is longer than 256 characters");
            assertThat(line.path("destination").asText()).isEqualTo("catalog-service");
            assertThat(line.path("event").path("job").path("name").asText()).isEqualTo("q06");
        });

        // the batch was split until the refused event was alone, which was sent once and never again
        send(listener, ids("q", 10, 12));
        await("later events are stored", () -> stats.getSent() == 11, stats::toString);
        List<Sent> withRefused = sent.batches().stream().filter(batch -> batch.queryIds().contains("q06")).toList();
        assertThat(withRefused.getLast().queryIds()).containsExactly("q06");
        assertThat(withRefused).filteredOn(batch -> batch.queryIds().size() == 1).hasSize(1);
        assertThat(stats.getRejected()).isEqualTo(1);
    }

    @Test
    void aBatchTooLargeForOneRequestIsSentInParts()
    {
        service = started("catalog", Map.of());
        // Queries with long SQL (about 14 kB each): a full batch of 5,000 is some 70 MB, more than the store reads in
        // one request (64 MiB). It is sent in parts of at most 32 MiB, so none is refused or broken off.
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-size", "5000", "mesh.lineage.batch-linger", "1m", "mesh.catalog-service.http-client.request-timeout", NEVER));
        DestinationStats stats = stats(listener);
        String longSql = "SELECT id FROM lake.sales.orders WHERE id IN (%s)".formatted("1234567890, ".repeat(1_200) + "0");

        List<String> queryIds = ids("q", 0, 5000);
        queryIds.forEach(queryId -> listener.queryCompleted(TestingQueryEvents.query(queryId)
                .sql(longSql)
                .table(table("lake.sales.orders", "id"))
                .build()));

        await("all events are stored", () -> stats.getSent() == 5000, stats::toString);
        assertThat(sent.batches()).extracting(batch -> batch.queryIds().size()).containsExactly(1250, 1250, 1250, 1250);
        assertThat(service.storedQueryIds()).isEqualTo(queryIds.stream().sorted().toList());
        assertThat(stats.getRejected()).isZero();
        assertThat(stats.getFailedAttempts()).isZero();
    }

    @Test
    void spoolFullDropNewestKeepsTheOldest()
    {
        service = stopped("catalog");
        // one event a segment, room for three events of ~1.5kB
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-size", "1", "mesh.lineage.spool-max-size", "5kB"));
        DestinationStats stats = stats(listener);

        send(listener, ids("q", 0, 10));
        await("every event is spooled or dropped", () -> stats.getSpooled() + stats.getDroppedSpoolFull() == 10, stats::toString);
        int kept = (int) stats.getSpooled();
        assertThat(kept).isBetween(2, 5);

        int mark = sent.mark();
        service.start();
        await("the spool is replayed", () -> stats.getSent() == kept && stats.getSpoolSegments() == 0, stats::toString);
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, kept));
        assertThat(firstSent(sent.batchesSince(mark))).isEqualTo(ids("q", 0, kept));
        assertThat(stats.getDroppedSpoolFull()).isEqualTo(10 - kept);
    }

    @Test
    void spoolFullDropOldestKeepsTheNewest()
    {
        service = stopped("catalog");
        MeshLineageListener listener = listener(Map.of("mesh.lineage.batch-size", "1", "mesh.lineage.spool-max-size", "5kB", "mesh.lineage.spool-full-policy", "drop-oldest"));
        DestinationStats stats = stats(listener);

        send(listener, ids("q", 0, 10));
        await("every event is spooled and the oldest are dropped", () -> stats.getSpooled() == 10 && stats.getDroppedSpoolFull() > 0, stats::toString);
        int dropped = (int) stats.getDroppedSpoolFull();

        int mark = sent.mark();
        service.start();
        await("the spool is replayed", () -> stats.getSent() == 10 - dropped && stats.getSpoolSegments() == 0, stats::toString);
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", dropped, 10));
        assertThat(firstSent(sent.batchesSince(mark))).isEqualTo(ids("q", dropped, 10));
    }

    @Test
    void fullQueueDropsAndCountsWithoutBlocking()
            throws Exception
    {
        service = stopped("catalog");
        UnresponsiveServer hanging = unresponsive(service.port());
        MeshLineageListener listener = listener(Map.of(
                "mesh.lineage.queue-capacity", "5",
                "mesh.lineage.batch-size", "1",
                "mesh.catalog-service.http-client.request-timeout", NEVER,
                "mesh.catalog-service.http-client.idle-timeout", NEVER));
        DestinationStats stats = stats(listener);
        send(listener, List.of("q00"));
        await("the sender is stuck sending the first event", () -> hanging.requests() == 1, stats::toString);

        // had the query path waited for room in the queue, this would not return while the destination hangs
        returns("queryCompleted with a full queue", () -> send(listener, ids("q", 1, 31)));

        assertThat(hanging.requests()).as("the sender is still stuck").isEqualTo(1);
        assertThat(stats.getEnqueued()).isEqualTo(6);
        assertThat(stats.getDroppedQueueFull()).isEqualTo(25);

        // the real service takes over the port: the stuck request fails, and the queued events are delivered
        int mark = sent.mark();
        hanging.close();
        service.start();
        await("the queued events are delivered", () -> stats.getSent() == 6, stats::toString);
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, 6));
        assertThat(firstSent(sent.batchesSince(mark))).isEqualTo(ids("q", 0, 6));
    }

    @Test
    void forwardsEveryEventToOpenLineageEndpoints()
            throws Exception
    {
        service = started("catalog", Map.of());
        // another catalog service as the OpenLineage endpoint: its /api/v1/lineage takes one event per request
        RestartableCatalogService marquez = started("marquez", Map.of("api.token-file", tokenFile(Map.of("trino", OPENLINEAGE_KEY))));
        String endpoint = marquez.uri().resolve("/api/v1/lineage").toString();
        MeshLineageListener listener = listener(Map.of(
                "mesh.lineage.forward.uris", endpoint,
                "mesh.lineage.forward.api-key", OPENLINEAGE_KEY,
                "mesh.lineage.forward.http-client.request-timeout", "1m"));
        LineageDestination forward = listener.destinations().get(1);

        send(listener, ids("q", 0, 4));

        await("both destinations have the events", () -> stats(listener).getSent() == 4 && forward.stats().getSent() == 4, () -> stats(listener) + " / " + forward.stats());
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, 4));
        assertThat(marquez.storedQueryIds()).isEqualTo(ids("q", 0, 4));
        assertThat(sent.openLineage()).hasSize(4)
                .allSatisfy(request -> assertThat(request.authorization()).contains("Bearer " + OPENLINEAGE_KEY));
        assertThat(sent.openLineage()).extracting(Sent::queryIds).containsExactly(List.of("q00"), List.of("q01"), List.of("q02"), List.of("q03"));
        assertThat(listener.destinations()).extracting(LineageDestination::name)
                .containsExactly("catalog-service", MeshLineageModule.forwardDestinationName(marquez.uri().resolve("/api/v1/lineage")));
        try (Stream<Path> dirs = Files.list(spoolDir)) {
            assertThat(dirs.map(dir -> dir.getFileName().toString()))
                    .containsExactlyInAnyOrder("catalog-service", forward.name());
        }
    }

    @Test
    void forwardDestinationIsRetriedOnItsOwn()
    {
        service = started("catalog", Map.of());
        RestartableCatalogService marquez = stopped("marquez");
        MeshLineageListener listener = listener(Map.of(
                "mesh.lineage.forward.uris", marquez.uri().resolve("/api/v1/lineage").toString(),
                "mesh.lineage.forward.api-key", OPENLINEAGE_KEY,
                "mesh.lineage.forward.http-client.request-timeout", "1m"));
        LineageDestination forward = listener.destinations().get(1);

        send(listener, ids("q", 0, 3));
        await("the catalog service is not held up", () -> stats(listener).getSent() == 3, () -> stats(listener));
        await("the forward destination spools", () -> forward.stats().getSpooled() == 3, forward::stats);
        assertThat(service.storedQueryIds()).isEqualTo(ids("q", 0, 3));

        int mark = sent.mark();
        marquez.start(Map.of("api.token-file", tokenFile(Map.of("trino", OPENLINEAGE_KEY))));
        await("the forward destination catches up", () -> forward.stats().getSent() == 3, forward::stats);
        assertThat(marquez.storedQueryIds()).isEqualTo(ids("q", 0, 3));
        assertThat(firstSent(sent.openLineageSince(mark))).isEqualTo(ids("q", 0, 3));
    }

    @Test
    void countersAreExportedOverJmx()
            throws Exception
    {
        service = started("catalog", Map.of());
        MeshLineageListener listener = listener(Map.of());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName destination = new ObjectName("dev.trinomesh.lineage:name=mesh-lineage,destination=catalog-service");
        ObjectName listenerName = new ObjectName("dev.trinomesh.lineage:name=mesh-lineage");

        listener.queryCompleted(TestingQueryEvents.query("select-one").build());
        send(listener, List.of("q1", "q1"));

        await("both events are sent", () -> stats(listener).getSent() == 2, () -> stats(listener));
        assertThat(server.getAttribute(destination, "Sent")).isEqualTo(2L);
        // the store recognised the second
        assertThat(server.getAttribute(destination, "Duplicates")).isEqualTo(1L);
        assertThat(server.getAttribute(destination, "Uri")).isEqualTo(service.uri() + "/v1/lineage/batch");
        assertThat(server.getAttribute(listenerName, "QueriesSkipped")).isEqualTo(1L);
        assertThat(server.getAttribute(listenerName, "EventsMapped")).isEqualTo(2L);
        assertThat(service.storedQueryIds()).containsExactly("q1");

        listener.shutdown();
        assertThat(server.isRegistered(destination)).isFalse();
        assertThat(server.isRegistered(listenerName)).isFalse();

        listener.queryCompleted(read("late"));
        assertThat(listener.stats().getDroppedAfterShutdown()).isEqualTo(1);
    }

    /**
     * The listener as {@link MeshLineageListenerFactory} wires it, with {@link #sent} observing its HTTP clients.
     * The service's default user {@code trino} may write lineage.
     */
    private MeshLineageListener listener(Map<String, String> overrides)
    {
        Map<String, String> config = new HashMap<>(Map.of(
                "mesh.catalog-service.uri", service.uri().toString(),
                "mesh.catalog-service.token", TRINO_TOKEN,
                "mesh.lineage.spool-dir", spoolDir.toString(),
                "mesh.lineage.batch-linger", "5ms",
                "mesh.lineage.retry-initial-delay", "20ms",
                "mesh.lineage.retry-max-delay", "100ms",
                "mesh.lineage.shutdown-timeout", "30s",
                // a slow answer on a loaded machine is not what these tests are about: it would be retried
                "mesh.catalog-service.http-client.request-timeout", "1m"));
        config.putAll(overrides);
        Injector injector = new Bootstrap(new CatalogServiceClientModule(), new MeshLineageModule(), binder -> httpClientBinder(binder).bindGlobalFilter(sent))
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        MeshLineageListener listener = injector.getInstance(MeshLineageListener.class);
        listeners.add(listener);
        listener.start();
        return listener;
    }

    private RestartableCatalogService started(String name, Map<String, String> properties)
    {
        return closeLater(RestartableCatalogService.started(directory.resolve(name), properties));
    }

    private RestartableCatalogService stopped(String name)
    {
        return closeLater(RestartableCatalogService.stopped(directory.resolve(name)));
    }

    private UnresponsiveServer unresponsive(int port)
    {
        return closeLater(new UnresponsiveServer(port));
    }

    private <T extends AutoCloseable> T closeLater(T server)
    {
        servers.add(server);
        return server;
    }

    private String tokenFile(Map<String, String> tokens)
    {
        return RestartableCatalogService.tokenFile(directory.resolve("tokens"), tokens).toString();
    }

    private static void send(MeshLineageListener listener, List<String> queryIds)
    {
        queryIds.forEach(queryId -> listener.queryCompleted(read(queryId)));
    }

    private static QueryCompletedEvent readBy(String queryId, String user)
    {
        return TestingQueryEvents.query(queryId)
                .sql("SELECT id FROM lake.sales.orders")
                .table(table("lake.sales.orders", "id"))
                .user(user, "analysts")
                .build();
    }

    /** Whether the catalog service destination's sender thread has ended (without waiting for it). */
    private static boolean senderEnded(MeshLineageListener listener)
            throws InterruptedException
    {
        return listener.destinations().getFirst().awaitTermination(System.nanoTime());
    }

    private static DestinationStats stats(MeshLineageListener listener)
    {
        return listener.destinations().getFirst().stats();
    }

    private static List<String> ids(String prefix, int from, int to)
    {
        return IntStream.range(from, to).mapToObj(i -> "%s%02d".formatted(prefix, i)).toList();
    }

    /** The query ids in the catalog service's spool, oldest first. */
    private List<String> spooledQueryIds()
            throws IOException
    {
        List<String> ids = new ArrayList<>();
        for (Path segment : segments(spoolDir.resolve("catalog-service"))) {
            for (String line : Files.readAllLines(segment)) {
                ids.add(DescriptorDocuments.jsonMapper().readTree(line).path("job").path("name").asText());
            }
        }
        return ids;
    }

    private static List<Path> segments(Path directory)
            throws IOException
    {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".ndjson")).sorted().toList();
        }
    }

    private static List<JsonNode> ndjson(Path directory)
            throws IOException
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
