package dev.trinomesh.integration;

import dev.trinomesh.access.MeshAccessControlFactory;
import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.lineage.DatasetUsage;
import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.connector.MeshPlugin;
import dev.trinomesh.testing.TestingServiceReplicas;
import dev.trinomesh.testing.TokenGuesser;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.trino.Session;
import io.trino.plugin.iceberg.IcebergPlugin;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.spi.security.Identity;
import io.trino.testing.DistributedQueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.trinomesh.integration.QueryWaits.await;
import static dev.trinomesh.integration.QueryWaits.sleep;
import static dev.trinomesh.integration.QueryWaits.until;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two catalog service replicas on one PostgreSQL behind HAProxy, each a process of its own, with a Trino whose
 * mesh catalog, access control, lineage listener and lake catalog all go through the load balancer. A change made
 * through one replica wakes a long poll held on the other; work that must happen once (quality runs after commits)
 * happens once; and a replica killed with SIGKILL under a steady mix of reads, lake commits, lineage and quality runs
 * loses no read (with the clients' retries), applies each commit once or refuses it, loses and doubles no lineage, and
 * leaves no run behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class TestServiceReplicas
{
    private static final Session ADMIN = session("admin");
    private static final Session READER = session("reader");
    // Who the policies of the tests filter: the readers' results never change.
    private static final Session PROBE = session("probe");
    private static final String READ = "SELECT count(*) FROM mesh.shop.orders";
    private static final int READ_ATTEMPTS = 3;

    private DistributedQueryRunner runner;
    private TestingServiceReplicas replicas;
    private JettyHttpClient httpClient;
    private CatalogServiceClient admin;

    @BeforeAll
    void setUp()
            throws Exception
    {
        TestingMesh.DeferredAccessControl accessControl = new TestingMesh.DeferredAccessControl();
        TestingMesh.DeferredEventListener lineage = new TestingMesh.DeferredEventListener();
        runner = DistributedQueryRunner.builder(ADMIN)
                .setSystemAccessControl(accessControl)
                .setEventListener(lineage)
                .setWorkerCount(0)
                .build();
        replicas = new TestingServiceReplicas(2, List.of("admin", "trino"), Map.of(
                "governance.admins", "user:admin",
                "trino.uri", runner.getCoordinator().getBaseUrl().toString(),
                "quality.commit-delay", "200ms",
                "quality.schedule-interval", "1s"));
        runner.registerResource(replicas);
        httpClient = new JettyHttpClient(new HttpClientConfig());
        runner.registerResource(httpClient);
        admin = new CatalogServiceClient(httpClient, replicas.uri(), Optional.of(replicas.token("admin")));
        String uri = replicas.uri().toString();
        String token = replicas.token("trino");
        accessControl.bind(new MeshAccessControlFactory().create(Map.of(
                "mesh.catalog-service.uri", uri,
                "mesh.catalog-service.token", token,
                "mesh.admins", "user:admin",
                "mesh.unfiltered-readers", "user:mesh-quality"), null));
        lineage.bind(TestingLineage.listener(Map.of("mesh.catalog-service.uri", uri, "mesh.catalog-service.token", token, "mesh.lineage.batch-linger", "20ms")));
        runner.registerResource(lineage::shutdown);
        runner.installPlugin(new TpchPlugin());
        runner.createCatalog("tpch", "tpch");
        runner.installPlugin(new IcebergPlugin());
        runner.createCatalog("lake", "iceberg", Map.of(
                "iceberg.catalog.type", "rest",
                "iceberg.rest-catalog.uri", uri + "/iceberg",
                "iceberg.rest-catalog.view-endpoints-enabled", "true",
                "iceberg.rest-catalog.security", "OAUTH2",
                "iceberg.rest-catalog.oauth2.token", token,
                "fs.native-local.enabled", "true",
                "local.location", replicas.lakeRoot()));
        runner.installPlugin(new MeshPlugin());
        runner.createCatalog("mesh", "mesh", Map.of(
                "mesh.catalog-service.uri", uri,
                "mesh.catalog-service.token", token,
                "mesh.metadata.refresh-interval", "100ms"));

        runner.execute(ADMIN, "CREATE SCHEMA lake.shop");
        runner.execute(ADMIN, "CREATE TABLE lake.shop.orders AS SELECT orderkey, orderdate, totalprice FROM tpch.tiny.orders");
        runner.execute(ADMIN, "CREATE TABLE lake.shop.events (marker varchar, n bigint)");
        admin.applyProduct("shop", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: shop, domain: sales, owner: user:admin, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.shop.orders}
                      columns:
                        - {name: orderkey, type: bigint}
                        - {name: orderdate, type: date}
                        - {name: totalprice, type: double}
                      quality:
                        - {check: not_null, column: orderkey}
                  access:
                    consumers: [user:reader, user:probe]
                """, Optional.empty(), false);
        await(runner, READER, READ, outcome -> outcome.equals("15000"));
    }

    @AfterAll
    void tearDown()
    {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void aChangeThroughOneReplicaWakesALongPollOnTheOther()
            throws Exception
    {
        CatalogServiceClient onFirst = new CatalogServiceClient(httpClient, replicas.replica(0), Optional.of(replicas.token("admin")));
        CatalogServiceClient onSecond = new CatalogServiceClient(httpClient, replicas.replica(1), Optional.of(replicas.token("trino")));
        long revision = onSecond.governanceSnapshotIfChanged(Optional.empty(), new io.airlift.units.Duration(0, TimeUnit.SECONDS)).orElseThrow().revision();
        CompletableFuture<Optional<GovernanceSnapshot>> poll = CompletableFuture.supplyAsync(() -> onSecond.governanceSnapshotIfChanged(Optional.of(revision), new io.airlift.units.Duration(30, TimeUnit.SECONDS)));
        sleep(500);
        assertThat(poll).isNotDone();
        long changed = System.nanoTime();
        onFirst.applyPolicy("long_poll_probe", policy("long_poll_probe", "orderkey > 0"), Optional.empty(), false);
        Optional<GovernanceSnapshot> woken = poll.get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed);
        assertThat(woken).isPresent();
        assertThat(woken.orElseThrow().revision()).isGreaterThan(revision);
        // The held request looks at the shared revision every 100 ms.
        assertThat(millis).isLessThan(1_000);
        onFirst.removePolicy("long_poll_probe", ifMatch(onFirst, "long_poll_probe"));
    }

    /**
     * Guessing tokens through the balancer from one address (127.0.0.2), with a forged X-Forwarded-For on every
     * request: the replicas count the guesses together, so the default limit of 10 a minute holds (one more may pass,
     * the second replica learning the count at its next failure), and the Trino and admin clients on 127.0.0.1 go on.
     */
    @Test
    void failedAttemptsThroughTheBalancerMeetOneLimitAndHoldBackOnlyTheirClient()
            throws Exception
    {
        int limit = 10;
        List<Integer> statuses = TokenGuesser.guess(replicas.uri().resolve("/v1/products"), limit + 5, true);
        // The first guesses up to the limit are answered; then each replica refuses from the failure at which it
        // learns the shared count: the second one lets one more through.
        assertThat(statuses.subList(0, limit)).as("statuses: %s", statuses).containsOnly(401);
        assertThat(statuses.subList(limit + 1, statuses.size())).as("statuses: %s", statuses).containsOnly(429);
        // Everyone else: the admin's client and Trino's plugins, through the same balancer from 127.0.0.1.
        assertThat(admin.getProduct("shop")).isPresent();
        assertThat(runner.execute(READER, READ).getOnlyValue()).isEqualTo(15000L);
    }

    @Test
    void workDueOnceIsDoneOnce()
            throws SQLException
    {
        long before = count("SELECT count(*) FROM quality_runs WHERE run_trigger = 'commit'");
        runner.execute(ADMIN, "INSERT INTO lake.shop.orders VALUES (999999, DATE '1999-01-01', 1.0)");
        // Whichever replica took the commit, the lease holder queues one run for it, and one replica executes it.
        until("a commit-triggered quality run", Duration.ofSeconds(30), () -> count("SELECT count(*) FROM quality_runs WHERE run_trigger = 'commit' AND state = 'finished'"), runs -> runs > before);
        sleep(2_000);
        assertThat(count("SELECT count(*) FROM quality_runs WHERE run_trigger = 'commit'")).isEqualTo(before + 1);
        runner.execute(ADMIN, "DELETE FROM lake.shop.orders WHERE orderkey = 999999");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void survivesAReplicaKilledUnderLoad()
            throws Exception
    {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger readAttempts = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger failedReads = new AtomicInteger();
        AtomicInteger retriedReads = new AtomicInteger();
        AtomicInteger wrongReads = new AtomicInteger();
        Map<String, Boolean> commits = new ConcurrentHashMap<>();
        List<Long> qualityRuns = new ArrayList<>();
        long usageBefore = usage();
        runner.execute(ADMIN, "CREATE TABLE lake.shop.commits (marker varchar, n bigint)");
        ExecutorService load = Executors.newFixedThreadPool(6);
        List<Future<?>> workers = new ArrayList<>();
        for (int reader = 0; reader < 3; reader++) {
            workers.add(load.submit(() -> {
                while (running.get()) {
                    for (int attempt = 1; ; attempt++) {
                        readAttempts.incrementAndGet();
                        try {
                            Object count = runner.execute(READER, READ).getOnlyValue();
                            if (!count.equals(15000L)) {
                                wrongReads.incrementAndGet();
                            }
                            reads.incrementAndGet();
                            break;
                        }
                        catch (RuntimeException e) {
                            if (attempt == READ_ATTEMPTS) {
                                failedReads.incrementAndGet();
                                break;
                            }
                            retriedReads.incrementAndGet();
                            sleep(500);
                        }
                    }
                }
            }));
        }
        // The registry through the balancer, back to back: some of these are in flight when the replica dies.
        AtomicInteger registryReads = new AtomicInteger();
        AtomicInteger registryRetried = new AtomicInteger();
        AtomicInteger registryFailed = new AtomicInteger();
        workers.add(load.submit(() -> {
            while (running.get()) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        if (admin.getProduct("shop").isPresent()) {
                            registryReads.incrementAndGet();
                        }
                        break;
                    }
                    catch (RuntimeException e) {
                        if (attempt == READ_ATTEMPTS) {
                            registryFailed.incrementAndGet();
                            break;
                        }
                        registryRetried.incrementAndGet();
                        sleep(200);
                    }
                }
            }
        }));
        workers.add(load.submit(() -> {
            for (int i = 0; running.get(); i++) {
                String marker = "m-" + i;
                try {
                    // Not retried: a commit whose outcome is unknown must not be made twice.
                    runner.execute(ADMIN, "INSERT INTO lake.shop.commits VALUES ('%s', %s)".formatted(marker, i));
                    commits.put(marker, true);
                }
                catch (RuntimeException e) {
                    commits.put(marker, false);
                }
            }
        }));
        workers.add(load.submit(() -> {
            while (running.get()) {
                try {
                    long id = admin.requestQualityRun("shop", Optional.of("orders")).id();
                    synchronized (qualityRuns) {
                        qualityRuns.add(id);
                    }
                }
                catch (RuntimeException _) {
                    // asked again in a moment
                }
                sleep(700);
            }
        }));

        sleep(4_000);
        replicas.kill(0);
        long killed = System.nanoTime();
        // A policy change after the kill, through the balancer: Trino applies it within 2 s. A query's row filter is
        // decided when it starts, so the first filtered query's start bounds the propagation from above.
        admin.applyPolicy("after_kill", policy("after_kill", "orderkey <= 100"), Optional.empty(), false);
        long changed = System.nanoTime();
        long policyMillis = -1;
        while (policyMillis < 0) {
            long started = System.nanoTime();
            if (runner.execute(PROBE, "SELECT count(*) FROM mesh.shop.orders WHERE orderkey > 100").getOnlyValue().equals(0L)) {
                policyMillis = TimeUnit.NANOSECONDS.toMillis(started - changed);
            }
            else {
                assertThat(TimeUnit.NANOSECONDS.toMillis(started - changed)).as("a query started this long after the policy change did not apply it").isLessThan(2_000);
            }
        }
        admin.removePolicy("after_kill", ifMatch(admin, "after_kill"));
        sleep(Math.max(0, 8_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed)));
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        load.shutdown();

        System.out.printf("replica kill: %s reads (%s attempts, %s retried, %s failed after %s attempts), %s registry reads (%s retried, %s failed), %s commits (%s failed), %s quality runs asked, policy seen after %s ms%n",
                reads.get(), readAttempts.get(), retriedReads.get(), failedReads.get(), READ_ATTEMPTS, registryReads.get(), registryRetried.get(), registryFailed.get(),
                commits.size(), commits.values().stream().filter(ok -> !ok).count(), qualityRuns.size(), policyMillis);
        assertThat(failedReads.get()).isZero();
        assertThat(registryFailed.get()).isZero();
        assertThat(registryReads.get()).isGreaterThan(50);
        assertThat(wrongReads.get()).isZero();
        assertThat(reads.get()).isGreaterThan(5);

        // Each commit is in the table once if it succeeded, at most once if it failed, and the commit log has each.
        Map<String, Long> markers = new java.util.HashMap<>();
        for (var row : runner.execute(ADMIN, "SELECT marker, count(*) FROM lake.shop.commits GROUP BY marker").getMaterializedRows()) {
            markers.put((String) row.getField(0), (Long) row.getField(1));
        }
        assertThat(markers.values()).allMatch(copies -> copies == 1);
        commits.forEach((marker, succeeded) -> {
            if (succeeded) {
                assertThat(markers).as("commit %s succeeded", marker).containsKey(marker);
            }
        });
        assertThat(markers.keySet()).allMatch(commits::containsKey);
        // (Trino's CREATE TABLE made an empty append of its own.)
        assertThat(count("SELECT count(*) FROM lake_commits WHERE table_name = 'commits' AND outcome = 'accepted' AND operation = 'append' AND added_records > 0"))
                .as("appends in the commit log %s; the table's snapshots %s", rows("SELECT id, committed_at, operation, snapshot_id, added_records, total_records FROM lake_commits WHERE table_name = 'commits' ORDER BY id"),
                        runner.execute(ADMIN, "SELECT snapshot_id, parent_id, operation, summary FROM lake.shop.\"commits$snapshots\" ORDER BY committed_at").getMaterializedRows())
                .isEqualTo(markers.size());
        assertThat(commits.values().stream().filter(ok -> ok).count()).isGreaterThanOrEqualTo(2);

        // No run is left behind, none ran twice; a run the dead replica held was failed and asked for again.
        until("the quality queue to drain", Duration.ofSeconds(60), () -> count("SELECT count(*) FROM quality_runs WHERE state IN ('queued', 'running')"), left -> left == 0);
        assertThat(count("SELECT count(*) FROM (SELECT run_id, dataset, check_name FROM quality_results GROUP BY run_id, dataset, check_name HAVING count(*) > 1) twice")).isZero();
        synchronized (qualityRuns) {
            for (long id : qualityRuns) {
                assertThat(admin.qualityRun(id).state()).isIn("finished", "failed");
            }
        }

        // Every read's lineage arrived once: at least the reads that succeeded, at most the attempts.
        long expectedAtLeast = usageBefore + reads.get();
        long usage = until("the readers' lineage", Duration.ofSeconds(60), this::usage, queries -> queries >= expectedAtLeast);
        assertThat(usage - usageBefore).isBetween((long) reads.get(), (long) readAttempts.get());

        replicas.restart(0);
    }

    @Test
    void recoversByItselfFromADatabaseRestart()
            throws SQLException
    {
        assertThat(runner.execute(READER, READ).getOnlyValue()).isEqualTo(15000L);
        replicas.database().restart(Duration.ofSeconds(3));
        long back = System.nanoTime();
        // Every pooled connection was cut: the replicas notice, and work again without being restarted.
        until("a registry write through the balancer", Duration.ofSeconds(30), () -> {
            try {
                admin.applyPolicy("after_restart", policy("after_restart", "orderkey > 0"), Optional.empty(), false);
                return true;
            }
            catch (RuntimeException e) {
                return false;
            }
        }, written -> written);
        long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
        admin.removePolicy("after_restart", ifMatch(admin, "after_restart"));
        runner.execute(ADMIN, "INSERT INTO lake.shop.events VALUES ('after-restart', -1)");
        assertThat(runner.execute(ADMIN, "SELECT count(*) FROM lake.shop.events WHERE marker = 'after-restart'").getOnlyValue()).isEqualTo(1L);
        await(runner, READER, READ, outcome -> outcome.equals("15000"));
        assertThat(count("SELECT count(*) FROM service_replicas")).isGreaterThanOrEqualTo(2);
        System.out.printf("database restart: the service wrote again %s ms after PostgreSQL was back%n", recoveryMillis);
        assertThat(recoveryMillis).isLessThan(10_000);
    }

    private static String ifMatch(CatalogServiceClient client, String policy)
    {
        return "\"%s\"".formatted(client.getPolicy(policy).orElseThrow().revision());
    }

    private long usage()
    {
        return admin.usage(Optional.of("shop"), Optional.of("mesh.shop.orders"), Optional.of("reader")).stream().mapToLong(DatasetUsage::queries).sum();
    }

    private List<String> rows(String sql)
    {
        try (Connection connection = DriverManager.getConnection(replicas.database().jdbcUrl(), replicas.database().user(), "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> result = new ArrayList<>();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    row.append(column == 1 ? "" : " ").append(rows.getString(column));
                }
                result.add(row.toString());
            }
            return result;
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql)
    {
        try (Connection connection = DriverManager.getConnection(replicas.database().jdbcUrl(), replicas.database().user(), "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String policy(String name, String expression)
    {
        return """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: %s, scope: global, description: a test's row filter}
                spec:
                  rules:
                    - {type: rowFilter, product: shop, datasets: [orders], principals: [user:probe], expression: "%s"}
                """.formatted(name, expression);
    }

    private static Session session(String user)
    {
        return testSessionBuilder()
                .setIdentity(Identity.ofUser(user))
                .setCatalog("mesh")
                .setSchema("information_schema")
                .build();
    }
}
