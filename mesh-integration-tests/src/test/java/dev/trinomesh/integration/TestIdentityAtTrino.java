package dev.trinomesh.integration;

import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.QualityRun;
import dev.trinomesh.catalog.core.trino.TrinoConnections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.trinomesh.integration.QueryWaits.outcome;
import static dev.trinomesh.integration.QueryWaits.sleep;
import static dev.trinomesh.integration.QueryWaits.until;
import static dev.trinomesh.integration.TestingSecureMesh.SERVICE_PRINCIPAL;
import static dev.trinomesh.integration.TestingSecureMesh.rows;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who may act for whom, and who sees whose queries, on a Trino that authenticates by password over HTTPS with the
 * demo's rules (etc/trino): the catalog service's principal acts for people and the checks' identity, nobody else
 * acts for anyone, nobody for a product identity or an admin; people see and kill only their own queries; the checks'
 * identity reads every product unfiltered and does nothing else; and the service's quality runs work through it.
 * Product {@code orders_i} (analysts read it with a row filter and a mask) and lake namespace {@code scratch_i}
 * (no product's) are made once; the tests only read them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestIdentityAtTrino
{
    private static final String QUALITY_USER = "mesh-quality";

    private TestingSecureMesh mesh;
    private long allRows;
    private long finishedRows;

    @BeforeAll
    void setUp()
            throws Exception
    {
        mesh = TestingSecureMesh.create();
        try (Connection admin = mesh.connect("admin")) {
            rows(admin, "CREATE SCHEMA lake.orders_i");
            rows(admin, "CREATE TABLE lake.orders_i.orders AS SELECT orderkey, custkey, orderstatus AS status, totalprice, orderdate, clerk FROM tpch.tiny.orders");
            rows(admin, "CREATE SCHEMA lake.scratch_i");
            rows(admin, "CREATE TABLE lake.scratch_i.notes AS SELECT 1 AS id");
            allRows = (long) rows(admin, "SELECT count(*) FROM lake.orders_i.orders").getFirst().getFirst();
            finishedRows = (long) rows(admin, "SELECT count(*) FROM lake.orders_i.orders WHERE status = 'F'").getFirst().getFirst();
        }
        assertThat(finishedRows).isPositive().isLessThan(allRows);
        mesh.registry().applyProduct("orders_i", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: orders_i, domain: sales, owner: group:sales-team, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.orders_i.orders}
                      columns:
                        - {name: orderkey, type: bigint}
                        - {name: custkey, type: bigint}
                        - {name: status, type: varchar}
                        - {name: totalprice, type: double}
                        - {name: orderdate, type: date}
                        - {name: clerk, type: varchar, classification: pii}
                      quality:
                        - {check: row_count, min: 15000, max: 15000}
                        - {check: not_null, column: orderkey}
                        - {check: unique, column: orderkey}
                        - {check: schema}
                  access:
                    consumers: [group:analysts]
                """, Optional.empty(), false);
        mesh.registry().applyPolicy("orders_i_rules", """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: orders_i_rules, scope: global}
                spec:
                  rules:
                    - {type: rowFilter, product: orders_i, principals: [group:analysts], expression: "status = 'F'"}
                    - {type: columnMask, product: orders_i, columns: [clerk], mask: hash, principals: [group:analysts]}
                """, Optional.empty(), false);
        // alice's filtered read shows the policy has reached the access control.
        until("alice to read orders_i through its row filter",
                () -> outcome(() -> mesh.value("alice", "SELECT count(*) FROM mesh.orders_i.orders")),
                String.valueOf(finishedRows)::equals);
    }

    @AfterAll
    void tearDown()
    {
        if (mesh != null) {
            mesh.close();
        }
    }

    // ---- Acting for people

    @Test
    void aLeasedConnectionRunsAsThePersonItIsLentToAndNoOneElse()
            throws SQLException
    {
        // The portal's previews run on pooled connections: each lease acts for one person, and the next for another.
        TrinoConnections trino = mesh.service().getInstance(TrinoConnections.class);
        Connection lent;
        try (TrinoConnections.Lease lease = trino.lease("bob", Door.PORTAL)) {
            lent = lease.connection();
            assertThat(rows(lease.connection(), "SELECT current_user")).containsExactly(List.of("bob"));
        }
        try (TrinoConnections.Lease lease = trino.lease("alice", Door.PORTAL)) {
            assertThat(lease.connection()).as("the warm connection is lent again").isSameAs(lent);
            assertThat(rows(lease.connection(), "SELECT current_user")).containsExactly(List.of("alice"));
            lease.discard();
        }
        try (TrinoConnections.Lease lease = trino.lease("alice", Door.PORTAL)) {
            assertThat(lease.connection()).as("a discarded connection is not lent again").isNotSameAs(lent);
            assertThat(lent.isClosed()).isTrue();
        }
    }

    @Test
    void theServicesPrincipalActsForAliceAsAliceWithHerFiltersAndMasks()
            throws SQLException
    {
        assertThat(mesh.valueActingFor(SERVICE_PRINCIPAL, "alice", "SELECT current_user")).isEqualTo("alice");
        assertThat(mesh.valueActingFor(SERVICE_PRINCIPAL, "alice", "SELECT count(*) FROM mesh.orders_i.orders")).isEqualTo(finishedRows);
        assertThat(mesh.valueActingFor(SERVICE_PRINCIPAL, "alice", "SELECT count(*) FROM mesh.orders_i.orders WHERE clerk LIKE 'Clerk#%'")).isEqualTo(0L);
        // What alice herself reads, signed in with her own password.
        assertThat(mesh.value("alice", "SELECT count(*) FROM mesh.orders_i.orders")).isEqualTo(finishedRows);
        assertThat(mesh.value("admin", "SELECT count(*) FROM mesh.orders_i.orders")).isEqualTo(allRows);
        // As itself the principal is nobody in particular: a consumer of nothing.
        assertThatThrownBy(() -> mesh.value(SERVICE_PRINCIPAL, "SELECT count(*) FROM mesh.orders_i.orders"))
                .hasMessageContaining("Access Denied: Cannot select from mesh.orders_i.orders: mesh-service is not a consumer of product 'orders_i'");
    }

    @Test
    void noOneElseActsForAnyone()
    {
        assertThatThrownBy(() -> mesh.valueActingFor("alice", "bob", "SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access Denied: User alice cannot impersonate user bob: only the service principals listed in the mesh access control's mesh.impersonators act for other users; sign in as bob instead");
        // Being an admin is not being an impersonator.
        assertThatThrownBy(() -> mesh.valueActingFor("admin", "alice", "SELECT 1"))
                .hasMessageContaining("Access Denied: User admin cannot impersonate user alice");
    }

    @Test
    void noOneActsForAProductIdentityOrAnAdministrator()
    {
        for (String user : List.of(SERVICE_PRINCIPAL, "admin", "sam")) {
            assertThatThrownBy(() -> mesh.valueActingFor(user, "product:orders_i", "SELECT count(*) FROM lake.orders_i.orders"))
                    .as(user)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("product:orders_i")
                    .hasMessageContaining("product identities are reserved for the views of their products");
        }
        assertThatThrownBy(() -> mesh.valueActingFor(SERVICE_PRINCIPAL, "admin", "SELECT 1"))
                .hasMessageContaining("Access Denied: User mesh-service cannot impersonate user admin: administrators are never acted for; admin signs in to Trino themselves");
    }

    @Test
    void onlyAPasswordOverHttpsSignsIn()
            throws Exception
    {
        try (Connection wrong = mesh.connect("alice", mesh.password("bob"), Optional.empty())) {
            assertThatThrownBy(() -> rows(wrong, "SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Authentication failed");
        }
        // The harness proves nothing if a claimed user got in: plain HTTP serves no one.
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> claimed = client.send(HttpRequest.newBuilder(mesh.httpUri().resolve("/v1/query"))
                    .header("X-Trino-User", "admin").timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(403);
            assertThat(claimed.body()).contains("Authentication over HTTP is not enabled");
        }
    }

    // ---- Whose queries people see

    @Test
    void eveSeesAndKillsOnlyHerOwnQueries()
            throws Exception
    {
        String secret = "alice-secret-" + UUID.randomUUID();
        assertThat(mesh.value("alice", "SELECT '%s'".formatted(secret))).isEqualTo(secret);
        String aliceQuery = (String) mesh.value("admin", "SELECT query_id FROM system.runtime.queries WHERE \"user\" = 'alice' AND strpos(query, '%s') > 0 AND strpos(query, 'system.runtime') = 0".formatted(secret));

        String eveSecret = "eve-own-" + UUID.randomUUID();
        mesh.value("eve", "SELECT '%s'".formatted(eveSecret));
        try (Connection eve = mesh.connect("eve")) {
            List<List<Object>> seen = rows(eve, "SELECT \"user\", query FROM system.runtime.queries");
            assertThat(seen).isNotEmpty().allSatisfy(row -> assertThat(row.getFirst()).isEqualTo("eve"));
            assertThat(seen).noneMatch(row -> String.valueOf(row.get(1)).contains(secret));
            assertThat(seen).anyMatch(row -> String.valueOf(row.get(1)).contains(eveSecret));
            assertThat(rows(eve, "SELECT count(*) FROM system.runtime.queries WHERE query_id = '%s'".formatted(aliceQuery)).getFirst().getFirst()).isEqualTo(0L);
            // Tasks and transactions are not filtered by owner in Trino: the demo's rules keep them to admins.
            assertThatThrownBy(() -> rows(eve, "SELECT * FROM system.runtime.tasks")).hasMessageContaining("Access Denied");
            assertThatThrownBy(() -> rows(eve, "CALL system.runtime.kill_query(query_id => '%s', message => 'mine now')".formatted(aliceQuery)))
                    .hasMessageContaining("Access Denied: Cannot kill query");
        }
        // Over Trino's REST API too (the web UI's source).
        assertThat(get("eve", "/v1/query/" + aliceQuery).statusCode()).isEqualTo(403);
        HttpResponse<String> listed = get("eve", "/v1/query");
        assertThat(listed.statusCode()).isEqualTo(200);
        // (eve's own kill_query names alice's query id: the owner is what must not show)
        assertThat(listed.body()).doesNotContain(secret).doesNotContain("\"user\":\"alice\"").contains("\"user\":\"eve\"");

        // The owner and an admin get past the check; the query is over, so there is nothing left to kill.
        assertThatThrownBy(() -> mesh.value("alice", "CALL system.runtime.kill_query(query_id => '%s', message => 'done')".formatted(aliceQuery)))
                .hasMessageContaining("Target query is not running");
        assertThatThrownBy(() -> mesh.value("admin", "CALL system.runtime.kill_query(query_id => '%s', message => 'done')".formatted(aliceQuery)))
                .hasMessageContaining("Target query is not running");
    }

    @Test
    void anAdminSeesEveryonesQueries()
            throws Exception
    {
        String secret = "bob-secret-" + UUID.randomUUID();
        mesh.value("bob", "SELECT '%s'".formatted(secret));
        assertThat(mesh.value("admin", "SELECT count(*) FROM system.runtime.queries WHERE \"user\" = 'bob' AND strpos(query, '%s') > 0 AND strpos(query, 'system.runtime') = 0".formatted(secret)))
                .isEqualTo(1L);
        assertThat(get("admin", "/v1/query").body()).contains(secret);
    }

    // ---- The checks' identity

    @Test
    void theChecksIdentityReadsEveryProductUnfilteredAndDoesNothingElse()
            throws SQLException
    {
        try (Connection quality = mesh.connectActingFor(SERVICE_PRINCIPAL, QUALITY_USER)) {
            // Unfiltered and unmasked, although it consumes nothing, in the mesh and in the products' lake namespaces.
            assertThat(rows(quality, "SELECT count(*) FROM mesh.orders_i.orders").getFirst().getFirst()).isEqualTo(allRows);
            assertThat(rows(quality, "SELECT count(*) FROM mesh.orders_i.orders WHERE clerk LIKE 'Clerk#%'").getFirst().getFirst()).isEqualTo(allRows);
            assertThat(rows(quality, "SELECT count(*) FROM lake.orders_i.orders").getFirst().getFirst()).isEqualTo(allRows);
            // Nothing outside what products read, and no writes.
            assertThatThrownBy(() -> rows(quality, "SELECT * FROM lake.scratch_i.notes"))
                    .hasMessageContaining("lake namespace 'scratch_i' belongs to no data product; only admins may use it");
            assertThatThrownBy(() -> rows(quality, "INSERT INTO lake.orders_i.orders SELECT * FROM lake.orders_i.orders WHERE orderkey = 1"))
                    .hasMessageContaining("only its owner group:sales-team may change it");
            assertThatThrownBy(() -> rows(quality, "CREATE SCHEMA lake.quality_i"))
                    .hasMessageContaining("Access Denied");
            assertThatThrownBy(() -> rows(quality, "CALL lake.system.rollback_to_snapshot('orders_i', 'orders', 1)"))
                    .hasMessageContaining("Access Denied");
            // And, not being an admin, only its own queries.
            assertThat(rows(quality, "SELECT DISTINCT \"user\" FROM system.runtime.queries")).containsOnly(List.of(QUALITY_USER));
        }
    }

    @Test
    void theServicesQualityRunsActForTheChecksIdentity()
            throws SQLException
    {
        Instant start = Instant.now().minusSeconds(1);
        long id = mesh.registry().requestQualityRun("orders_i", Optional.empty()).id();
        QualityRun run = until("quality run %s to finish".formatted(id), Duration.ofMinutes(2), () -> {
            sleep(100);
            return mesh.registry().qualityRun(id);
        }, QualityRun::done);
        assertThat(run.state()).as(run.toString()).isEqualTo("finished");
        assertThat(run.results()).extracting(CheckResult::check).containsExactly("row_count", "not_null_orderkey", "unique_orderkey", "schema");
        assertThat(run.results()).allSatisfy(result -> assertThat(result.outcome()).as(result.check() + ": " + result.message()).isEqualTo(CheckOutcome.PASSED));
        // Its queries ran as the checks' identity through the quality door, never as the service's principal itself.
        try (Connection admin = mesh.connect("admin")) {
            List<List<Object>> queries = rows(admin, """
                    SELECT DISTINCT "user", source FROM system.runtime.queries
                    WHERE created >= from_iso8601_timestamp('%s') AND (source = 'mesh-quality' OR "user" = 'mesh-service')""".formatted(start));
            assertThat(queries).containsExactly(List.of(QUALITY_USER, "mesh-quality"));
        }
    }

    /** A GET of Trino's REST API over HTTPS, signed in as {@code user}. */
    private HttpResponse<String> get(String user, String path)
            throws IOException, InterruptedException, GeneralSecurityException
    {
        try (HttpClient client = HttpClient.newBuilder().sslContext(trustingTheTestCa()).build()) {
            String credentials = Base64.getEncoder().encodeToString((user + ":" + mesh.password(user)).getBytes(UTF_8));
            return client.send(HttpRequest.newBuilder(URI.create(mesh.httpsUri() + path))
                    .header("Authorization", "Basic " + credentials)
                    .timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private SSLContext trustingTheTestCa()
            throws IOException, GeneralSecurityException
    {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(mesh.caPem())) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
