package dev.trinomesh.integration;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.trino.Session;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.trinomesh.integration.QueryWaits.await;
import static dev.trinomesh.integration.QueryWaits.outcome;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Governance while the catalog service changes and goes away: a policy change reaches a running Trino
 * within 2 s, and while the service is down and back, a query either sees exactly what policy allows or
 * is refused; it never sees more. Without a current snapshot, everyone but admins is refused.
 */
class TestGovernanceAvailability
        extends AbstractTestQueryFramework
{
    private static final Session ADMIN = TestingMesh.session("admin");
    private static final Session ALICE = TestingMesh.session("alice");

    private Map<String, String> serviceProperties;
    private TestingMesh mesh;
    private JettyHttpClient httpClient;
    private TestingCatalogService restarted;
    /** What alice may see: the urgent entries only. */
    private String urgent;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        Path state = Files.createTempDirectory("governance-availability");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // A fixed port and state outside the service's own directory, so that a second service can take over.
        serviceProperties = Map.of(
                "http-server.http.port", String.valueOf(port),
                "database.url", "jdbc:h2:file:" + state.resolve("catalog").toAbsolutePath(),
                "lake.local.root", state.resolve("lake").toAbsolutePath().toString());
        mesh = TestingMesh.create(TestingMesh.Storage.LOCAL, serviceProperties, Optional.of(Map.of(
                "mesh.admins", "user:admin",
                "mesh.governance.max-staleness", "3s",
                "mesh.governance.poll-wait", "1s")));
        return mesh.runner();
    }

    private CatalogServiceClient admin()
    {
        return new CatalogServiceClient(httpClient, mesh.service().baseUri(), Optional.of("admin"));
    }

    @BeforeAll
    void setUp()
    {
        httpClient = new JettyHttpClient(new HttpClientConfig());
        getQueryRunner().execute(ADMIN, "CREATE SCHEMA lake.ledger");
        getQueryRunner().execute(ADMIN, "CREATE TABLE lake.ledger.postings AS SELECT orderkey, orderpriority AS priority FROM tpch.tiny.orders");
        admin().applyProduct("ledger", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: ledger, domain: finance, owner: group:finance, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: postings
                      source: {table: lake.ledger.postings}
                      columns:
                        - {name: orderkey, type: bigint}
                        - {name: priority, type: varchar}
                  access:
                    consumers: [user:alice]
                """, Optional.empty(), false);
        admin().applyPolicy("urgent_only", """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: urgent_only, scope: global}
                spec:
                  rules:
                    - {type: rowFilter, product: ledger, expression: "priority = '1-URGENT'"}
                """, Optional.empty(), false);
        // The connector sees a new product on its next catalog poll: wait for it, then count without swallowing
        // errors (two different "does not exist" messages once passed for two different counts).
        await(getQueryRunner(), ADMIN, "SELECT count(*) FROM mesh.ledger.postings", outcome -> outcome.matches("\\d+"));
        urgent = count(ADMIN, "SELECT count(*) FROM mesh.ledger.postings WHERE priority = '1-URGENT'");
        assertThat(urgent).isNotEqualTo(count(ADMIN, "SELECT count(*) FROM mesh.ledger.postings"));
        await(getQueryRunner(), ALICE, "SELECT count(*) FROM mesh.ledger.postings", urgent::equals);
    }

    @AfterAll
    void tearDown()
    {
        if (restarted != null) {
            restarted.close();
        }
        httpClient.close();
    }

    @Test
    void aPolicyChangeReachesTrinoWithinTwoSeconds()
    {
        PolicyRecord applied = admin().applyPolicy("alice_paused", """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: alice_paused, scope: global}
                spec:
                  rules:
                    - {type: deny, product: ledger, principals: [user:alice]}
                """, Optional.empty(), false).policy();
        long start = System.nanoTime();
        await(getQueryRunner(), ALICE, "SELECT count(*) FROM mesh.ledger.postings", outcome -> outcome.contains("denied by global policy 'alice_paused'"));
        long denyMillis = (System.nanoTime() - start) / 1_000_000;
        admin().removePolicy("alice_paused", "\"%s\"".formatted(applied.revision()));
        start = System.nanoTime();
        await(getQueryRunner(), ALICE, "SELECT count(*) FROM mesh.ledger.postings", urgent::equals);
        long allowMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(denyMillis).as("deny reached Trino in %s ms", denyMillis).isLessThan(2_000);
        assertThat(allowMillis).as("removal reached Trino in %s ms", allowMillis).isLessThan(2_000);
    }

    @Test
    void decisionsStayConsistentAndFailClosedWhileTheServiceIsAway()
            throws Exception
    {
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread querying = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                outcomes.merge(outcome(getQueryRunner(), ALICE, "SELECT count(*) FROM mesh.ledger.postings"), 1, Integer::sum);
            }
        });
        Thread.sleep(500);
        mesh.service().close();
        await(getQueryRunner(), ALICE, "SELECT count(*) FROM mesh.ledger.postings", outcome -> outcome.contains("mesh governance is unavailable"));
        assertThat(outcome(getQueryRunner(), ADMIN, "SELECT count(*) FROM tpch.tiny.nation")).isEqualTo("25");
        assertThat(outcome(getQueryRunner(), ALICE, "SELECT count(*) FROM tpch.tiny.nation"))
                .contains("mesh governance is unavailable, so access is closed to all but admins (user:admin)")
                .contains("mesh.governance.max-staleness=3.00s");
        restarted = new TestingCatalogService(serviceProperties);
        await(getQueryRunner(), ALICE, "SELECT count(*) FROM mesh.ledger.postings", urgent::equals);
        running.set(false);
        querying.join();

        // Every answer was the filtered count, never the unfiltered one; the rest were refusals or failures to
        // reach the lake (its catalog is the same service). Which of the two the stream meets depends on timing
        // (a lake call in flight when the service stops fails as a lake error), so the refusal itself is asserted
        // above, and here only that the stream did run through the outage.
        assertThat(outcomes.keySet()).filteredOn(outcome -> outcome.matches("\\d+")).containsExactly(urgent);
        assertThat(outcomes.keySet())
                .as("the background queries ran while the service was away")
                .anyMatch(outcome -> outcome.contains("mesh governance is unavailable") || outcome.contains("Failed to load"));
    }

    private String count(Session session, String sql)
    {
        return String.valueOf(getQueryRunner().execute(session, sql).getOnlyValue());
    }
}
