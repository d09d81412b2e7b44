package dev.trinomesh.server;

import io.trino.jdbc.TrinoResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ./mesh up with the lake on the local disk (the default) and the catalog service as two replicas on PostgreSQL behind
 * HAProxy ({@code --replicas 2}): every inherited test goes through the balancer. MeshUpOnS3IT covers the single process.
 */
class MeshUpIT
        extends AbstractMeshUpIT
{
    /** The listener's batch-linger in the stack (the default): how long a completed query's event waits in memory. */
    private static final long LINGER_MILLIS = 200;
    private static final Pattern QUERY_ID = Pattern.compile("\"queryId\":\"([^\"]+)\"");

    @Override
    protected int replicas()
    {
        return 2;
    }

    @Override
    protected Map<String, String> environment()
    {
        return Map.of();
    }

    /**
     * The whole Trino server killed with SIGKILL right after a run of queries: what it loses of their lineage and audit
     * is the queries that completed in about the last batch-linger (their events wait in memory for a batch), and
     * ./mesh up brings it back. The unit-level bound, with the catalog service away, is TestListenerFaults'.
     */
    @Test
    // Queries for 4 s, then ./mesh up restarting Trino (up to 3 minutes on a busy machine), then the audit.
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aTrinoKilledWithSigkillLosesOnlyTheQueriesOfItsLastBatchLinger()
            throws Exception
    {
        Instant since = Instant.now().minusSeconds(5);
        Map<String, Long> finished = new LinkedHashMap<>();
        try (Connection connection = connect("alice"); Statement statement = connection.createStatement()) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < end) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM mesh.customer_profiles.customers")) {
                    while (rows.next()) {
                        rows.getLong(1);
                    }
                    finished.put(rows.unwrap(TrinoResultSet.class).getQueryId(), System.nanoTime());
                }
            }
        }
        long pid = Long.parseLong(Files.readString(home().resolve("run/trino.pid")).strip());
        ProcessHandle trino = ProcessHandle.of(pid).orElseThrow();
        // SIGKILL: no shutdown hook, so the listener neither sends nor spools what it holds.
        long killedAt = System.nanoTime();
        assertThat(trino.destroyForcibly()).isTrue();
        trino.onExit().get(30, TimeUnit.SECONDS);

        Result up = mesh(Duration.ofMinutes(3), "up", "--no-build");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("Starting Trino 476").contains("The mesh is up.");

        // Within the linger, plus the event's dispatch after the client saw the result and scheduling on a busy machine.
        long boundNanos = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS + 1_000);
        List<String> mustBeKept = finished.entrySet().stream().filter(query -> killedAt - query.getValue() > boundNanos).map(Map.Entry::getKey).toList();
        assertThat(mustBeKept).as("queries run before the kill").hasSizeGreaterThanOrEqualTo(3);
        Set<String> audited = awaitAudited(since, mustBeKept);
        List<String> lost = finished.keySet().stream().filter(id -> !audited.contains(id)).toList();
        long lostWindowMillis = lost.isEmpty() ? 0 : TimeUnit.NANOSECONDS.toMillis(killedAt - finished.get(lost.getFirst()));
        System.out.printf("Trino killed with SIGKILL: %s of %s queries' events lost, those completed in the last %s ms before the kill (batch-linger %s ms)%n",
                lost.size(), finished.size(), lostWindowMillis, LINGER_MILLIS);
        if (!lost.isEmpty()) {
            // the lost ones are the most recent
            assertThat(finished.keySet().stream().toList()).endsWith(lost.toArray(String[]::new));
        }
        try (Connection connection = connect("alice"); Statement statement = connection.createStatement()) {
            assertThat(strings(statement.executeQuery("SELECT CAST(count(*) AS varchar) FROM mesh.customer_profiles.customers"))).hasSize(1);
        }
    }

    /** The audit's query ids of alice since {@code since}, once it holds all of {@code expected} (up to a minute). */
    private Set<String> awaitAudited(Instant since, List<String> expected)
            throws Exception
    {
        String admin = Files.readString(home().resolve("etc/tokens/admin")).strip();
        HttpRequest request = HttpRequest.newBuilder(serviceUri().resolve("/v1/lineage/audit?user=alice&limit=10000&since=" + since))
                .header("Authorization", "Bearer " + admin)
                .build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        try (HttpClient client = HttpClient.newHttpClient()) {
            while (true) {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                Set<String> audited = new HashSet<>();
                Matcher ids = QUERY_ID.matcher(response.body());
                while (ids.find()) {
                    audited.add(ids.group(1));
                }
                List<String> missing = new ArrayList<>(expected);
                missing.removeAll(audited);
                if (missing.isEmpty()) {
                    return audited;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("queries completed over %s ms before the kill are not in the audit a minute after the restart: %s".formatted(LINGER_MILLIS + 1_000, missing));
                }
                Thread.sleep(500);
            }
        }
    }
}
