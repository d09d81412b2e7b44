package dev.trinomesh.integration;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.lineage.AuditEntry;
import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.testing.ClosedPort;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.trino.Session;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.security.Identity;
import io.trino.testing.DistributedQueryRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.trinomesh.integration.CatalogServiceRestarts.startOnPort;
import static dev.trinomesh.integration.QueryWaits.until;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener never loses an event and never delivers one twice: not while the catalog service is down
 * (events are spooled and replayed when it returns) and not across a restart of Trino with a spool that
 * still holds events.
 */
class TestLineageDelivery
{
    private static final Session TESTER = testSessionBuilder().setCatalog("tpch").setSchema("tiny").setIdentity(Identity.ofUser("lineage_tester")).build();

    private Path state;
    private Map<String, String> serviceProperties;
    private JettyHttpClient httpClient;
    private TestingCatalogService service;

    @BeforeEach
    void setUp()
            throws IOException
    {
        state = Files.createTempDirectory("lineage-delivery");
        // State outside the service's own directory, so that a second service can take over.
        serviceProperties = Map.of(
                "database.url", "jdbc:h2:file:" + state.resolve("catalog").toAbsolutePath(),
                "lake.local.root", state.resolve("lake").toAbsolutePath().toString());
        service = new TestingCatalogService(serviceProperties);
        httpClient = new JettyHttpClient(new HttpClientConfig());
    }

    @AfterEach
    void tearDown()
    {
        service.close();
        httpClient.close();
    }

    @Test
    void everyEventArrivesExactlyOnceWhenTheServiceGoesAwayAndComesBack()
            throws Exception
    {
        List<String> queries = new ArrayList<>();
        try (Trino trino = trino(service.baseUri().toString(), state.resolve("spool"))) {
            queries.addAll(run(trino, 10));
            // The service stops while queries keep running: their events wait in the spool ...
            int port = service.baseUri().getPort();
            service.close();
            queries.addAll(run(trino, 30));
            // (the sender spools a batch once its post failed: at once when refused, after the HTTP client's timeout
            // when the stopping service accepted the connection and dropped it)
            until("events to be spooled while the service is away", () -> spooledFiles(state.resolve("spool")), files -> !files.isEmpty());
            // ... and are replayed when it is back (where the listener looks for it), before the events of later queries.
            service = startOnPort(port, serviceProperties);
            queries.addAll(run(trino, 10));
            awaitRecorded(queries);
        }
        assertExactlyOnce(queries);
    }

    @Test
    void aRestartOfTrinoWithANonEmptySpoolLosesNothing()
            throws Exception
    {
        Path spool = state.resolve("spool");
        List<String> queries;
        // A Trino whose service is unreachable: every event goes to the spool, also those still queued at shutdown.
        try (ClosedPort closed = new ClosedPort(); Trino trino = trino(closed.uri().toString(), spool)) {
            queries = run(trino, 20);
        }
        assertThat(spooledFiles(spool)).as("events left in the spool by the stopped Trino").isNotEmpty();
        assertThat(recorded(queries)).isEmpty();

        // The next Trino on the same spool delivers them, exactly once.
        try (Trino trino = trino(service.baseUri().toString(), spool)) {
            awaitRecorded(queries);
            queries = Stream.concat(queries.stream(), run(trino, 5).stream()).toList();
            awaitRecorded(queries);
        }
        assertExactlyOnce(queries);
    }

    private void assertExactlyOnce(List<String> queries)
    {
        Map<String, Long> entries = admin().audit(Optional.of("lineage_tester"), Optional.empty(), Optional.empty(), Optional.empty(), 10_000).stream()
                .collect(Collectors.groupingBy(AuditEntry::queryId, Collectors.counting()));
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(queries);
        assertThat(entries.values()).allMatch(count -> count == 1);
        // Replays did not count a read twice.
        List<DatasetUsage> usage = admin().usage(Optional.empty(), Optional.of("tpch.tiny.nation"), Optional.of("lineage_tester"));
        assertThat(usage).singleElement().satisfies(row -> assertThat(row.queries()).isEqualTo(queries.size()));
    }

    /** A Trino with the listener; closing it stops Trino, then the listener, as a coordinator's shutdown does. */
    private record Trino(DistributedQueryRunner runner, EventListener listener)
            implements AutoCloseable
    {
        @Override
        public void close()
        {
            runner.close();
            listener.shutdown();
        }
    }

    private Trino trino(String serviceUri, Path spool)
            throws Exception
    {
        EventListener listener = TestingLineage.listener(Map.of(
                "mesh.catalog-service.uri", serviceUri,
                "mesh.catalog-service.token", service.tokenFor(TestingMesh.TRINO_PRINCIPAL),
                "mesh.lineage.spool-dir", spool.toString(),
                "mesh.lineage.batch-linger", "20ms",
                "mesh.lineage.retry-initial-delay", "100ms",
                "mesh.lineage.retry-max-delay", "500ms"));
        DistributedQueryRunner runner = DistributedQueryRunner.builder(testSessionBuilder().setCatalog("tpch").setSchema("tiny").build())
                .setWorkerCount(0)
                .setEventListener(listener)
                .build();
        runner.installPlugin(new TpchPlugin());
        runner.createCatalog("tpch", "tpch");
        return new Trino(runner, listener);
    }

    private static List<String> run(Trino trino, int count)
    {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(trino.runner().executeWithPlan(TESTER, "SELECT count(*) FROM nation WHERE regionkey = " + (i % 5)).queryId().toString());
        }
        return ids;
    }

    private List<String> recorded(List<String> queries)
    {
        return admin().audit(Optional.of("lineage_tester"), Optional.empty(), Optional.empty(), Optional.empty(), 10_000).stream()
                .map(AuditEntry::queryId)
                .filter(queries::contains)
                .toList();
    }

    private void awaitRecorded(List<String> queries)
    {
        until("all %s queries to reach the lineage store (the answer: those missing)".formatted(queries.size()), Duration.ofSeconds(60), () -> {
            Set<String> recorded = Set.copyOf(recorded(queries));
            return queries.stream().filter(query -> !recorded.contains(query)).toList();
        }, List::isEmpty);
    }

    private CatalogServiceClient admin()
    {
        return service.client(httpClient, "admin");
    }

    private static List<Path> spooledFiles(Path spool)
    {
        if (!Files.exists(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(Files::isRegularFile).filter(file -> file.toFile().length() > 0).collect(Collectors.toList());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
