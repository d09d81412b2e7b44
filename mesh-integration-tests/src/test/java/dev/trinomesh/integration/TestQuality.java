package dev.trinomesh.integration;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.model.PinnedSnapshot;
import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityRun;
import dev.trinomesh.api.quality.QualityStatus;
import dev.trinomesh.integration.CliRuns.Cli;
import io.trino.Session;
import io.trino.spi.security.Identity;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static dev.trinomesh.integration.QueryWaits.await;
import static dev.trinomesh.integration.QueryWaits.awaitServed;
import static dev.trinomesh.integration.QueryWaits.sleep;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Quality checks run by the catalog service through a real Trino (JDBC, as {@code mesh-quality}) on real
 * lake data: every check kind passing and failing with the exact measured values, one scan per dataset,
 * the health each dataset gets, runs after a lake commit and on a schedule, and the results kept as history.
 * Products {@code shop} (clean) and {@code dirty} (a draft breaking every rule) are made before the tests, whose
 * check runs add results but change no data; a test that changes data makes a product of its own, so that each
 * test runs alone and in any order.
 */
class TestQuality
        extends AbstractTestQueryFramework
{
    private static final Session ADMIN = testSessionBuilder().setIdentity(Identity.ofUser("admin")).setCatalog("lake").setSchema("information_schema").build();
    private static final Session MALLORY = TestingMesh.session("mallory");

    private TestingMesh mesh;
    private long dirtyRows;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        mesh = TestingMesh.builder()
                .withServiceProperties(Map.of("governance.admins", "user:admin"))
                // the checks' identity reads sources unfiltered, and is no admin, as etc/ configures it
                .withAccessControl(Map.of("mesh.admins", "user:admin", "mesh.unfiltered-readers", "user:mesh-quality"))
                .withQuality()
                .build();
        return mesh.runner();
    }

    private CatalogServiceClient service()
    {
        return mesh.registry();
    }

    @BeforeAll
    void setUp()
    {
        cleanProduct("shop");

        // A draft (checks run before a product is published) whose data and contract break every rule.
        run("CREATE SCHEMA lake.dirty");
        run("CREATE TABLE lake.dirty.orders AS SELECT orderkey, custkey, orderstatus AS status, totalprice, orderdate, clerk FROM tpch.tiny.orders WHERE orderkey <= 100");
        run("INSERT INTO lake.dirty.orders VALUES (1, NULL, 'X', -5.0, DATE '1990-01-01', 'bob'), (NULL, 7, 'F', 10.0, DATE '1995-01-01', 'Clerk#000000001')");
        dirtyRows = (long) getQueryRunner().execute(ADMIN, "SELECT count(*) FROM lake.dirty.orders").getOnlyValue();
        run("CREATE TABLE lake.dirty.nations AS SELECT nationkey, name FROM tpch.tiny.nation");
        service().applyProduct("dirty", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: dirty, domain: sales, owner: user:admin, version: 0.1.0, status: draft}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.dirty.orders}
                      columns:
                        - {name: orderkey, type: bigint}
                        - {name: custkey, type: bigint}
                        - {name: status, type: varchar}
                        - {name: totalprice, type: "decimal(12,2)"}
                        - {name: orderdate, type: date}
                        - {name: clerk, type: varchar}
                        - {name: discount, type: double}
                      freshness: {column: orderdate, maxAge: 1d}
                      quality:
                        - {check: row_count, max: 10}
                        - {check: not_null, column: orderkey}
                        - {check: missing_rate, column: custkey, max: 0.01}
                        - {check: unique, column: orderkey}
                        - {check: unique, name: unique_order_status, columns: [orderkey, status]}
                        - {check: accepted_values, column: status, values: [F, O, P]}
                        - {check: range, column: totalprice, min: 0}
                        - {check: regex, column: clerk, pattern: '^Clerk#[0-9]{9}$'}
                        - {check: freshness}
                        - {check: not_null, column: discount}
                        - {check: schema}
                        - {check: sql, name: no_negative_prices, query: "SELECT count(*) FROM {dataset} WHERE totalprice < 0", expect: 0}
                    - name: nations
                      source: {table: lake.dirty.nations}
                      columns:
                        - {name: nationkey, type: bigint}
                        - {name: name, type: varchar}
                      quality:
                        - {check: row_count, min: 100}
                """, Optional.empty(), false);
    }

    /** Product {@code name}: TPC-H's orders in its own lake table, with a check of every kind, all passing. */
    private void cleanProduct(String name)
    {
        run("CREATE SCHEMA lake." + name);
        run("CREATE TABLE lake.%s.orders AS SELECT orderkey, custkey, orderstatus AS status, totalprice, orderdate, clerk FROM tpch.tiny.orders".formatted(name));
        service().applyProduct(name, """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: sales, owner: user:admin, version: 1.0.0, status: published}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.%s.orders}
                      columns:
                        - {name: orderkey, type: bigint}
                        - {name: custkey, type: bigint}
                        - {name: status, type: varchar}
                        - {name: totalprice, type: double}
                        - {name: orderdate, type: date}
                        - {name: clerk, type: varchar}
                      quality:
                        - {check: row_count, min: 1, max: 20000}
                        - {check: not_null, column: orderkey}
                        - {check: missing_rate, column: custkey, max: 0.01}
                        - {check: unique, column: orderkey}
                        - {check: accepted_values, column: status, values: [F, O, P]}
                        - {check: range, column: totalprice, min: 0, max: 1000000, blocking: true}
                        - {check: regex, column: clerk, pattern: '^Clerk#[0-9]{9}$'}
                        - {check: freshness, maxAge: 1h}
                        - {check: schema}
                        - {check: sql, name: no_negative_prices, query: "SELECT count(*) FROM {dataset} WHERE totalprice < 0", expect: 0}
                """.formatted(name, name), Optional.empty(), false);
    }

    @Test
    void everyCheckPassesOnCleanDataInOneScan()
    {
        Instant start = Instant.now();
        QualityRun run = runChecks("shop");

        assertThat(run.state()).isEqualTo("finished");
        assertThat(run.trigger()).isEqualTo("manual");
        assertThat(run.results()).extracting(CheckResult::check).containsExactly(
                "row_count", "not_null_orderkey", "missing_rate_custkey", "unique_orderkey", "accepted_values_status",
                "range_totalprice", "regex_clerk", "freshness", "schema", "no_negative_prices");
        assertThat(run.results()).allSatisfy(result -> {
            assertThat(result.outcome()).as(result.check() + ": " + result.message()).isEqualTo(CheckOutcome.PASSED);
            assertThat(result.message()).isNull();
        });
        Map<String, CheckResult> results = byCheck(run.results());
        assertThat(results.get("row_count").measured()).isEqualTo(15000.0);
        assertThat(results.get("not_null_orderkey").measured()).isZero();
        assertThat(results.get("unique_orderkey").measured()).isZero();
        assertThat(results.get("freshness").measured()).isBetween(0.0, 3600.0);
        assertThat(results.get("schema").measured()).isZero();
        assertThat(results.get("range_totalprice").blocking()).isTrue();

        assertThat(run.datasets()).singleElement().satisfies(health -> {
            assertThat(health.status()).isEqualTo(QualityStatus.HEALTHY);
            assertThat(health.failedChecks()).isEmpty();
            assertThat(health.blocked()).isFalse();
        });

        // One query reads the rows for all eight row checks; the schema check reads none, the custom SQL its own.
        List<String> queries = qualityQueriesSince(start, "\"lake\".\"shop\".\"orders\"");
        assertThat(queries).filteredOn(query -> query.contains("count_if")).hasSize(1);
        assertThat(queries).filteredOn(query -> query.endsWith("LIMIT 0")).hasSize(1);
        assertThat(queries).hasSize(3);
    }

    @Test
    void everyCheckFailsWithWhatItMeasuredOnDirtyData()
    {
        QualityRun run = runChecks("dirty");

        Map<String, CheckResult> results = byCheck(run.results().stream().filter(result -> result.dataset().equals("orders")).toList());
        assertFailed(results.get("row_count"), (double) dirtyRows, "%s rows, expected at most 10".formatted(dirtyRows));
        assertFailed(results.get("not_null_orderkey"), 1, "1 rows have no orderkey");
        assertThat(results.get("missing_rate_custkey").outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(results.get("missing_rate_custkey").measured()).isCloseTo(1.0 / dirtyRows, within(1e-12));
        // orderkey 1 appears twice; the null orderkey is no value, so it repeats nothing
        assertFailed(results.get("unique_orderkey"), 1, "1 rows repeat a value of orderkey that another row has");
        // (1, 'O') and (1, 'X') differ: no row repeats both columns
        assertThat(results.get("unique_order_status").outcome()).isEqualTo(CheckOutcome.PASSED);
        assertFailed(results.get("accepted_values_status"), 1, "1 rows have a status outside the accepted values");
        assertFailed(results.get("range_totalprice"), 1, "1 rows have a totalprice below 0");
        assertFailed(results.get("regex_clerk"), 1, "1 rows have a clerk not matching ^Clerk#[0-9]{9}$");
        assertThat(results.get("freshness").outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(results.get("freshness").measured()).isGreaterThan(25 * 365 * 86400.0);
        assertThat(results.get("freshness").message()).startsWith("the newest orderdate is 1998-");
        assertThat(results.get("schema").outcome()).isEqualTo(CheckOutcome.FAILED);
        assertThat(results.get("schema").measured()).isEqualTo(2.0);
        assertThat(results.get("schema").message()).isEqualTo("the source does not match the contract: totalprice is double, the contract says decimal(12,2); discount is missing");
        // A check on a column the source lacks is an error of its own; the other row checks were still measured.
        assertThat(results.get("not_null_discount").outcome()).isEqualTo(CheckOutcome.ERROR);
        assertThat(results.get("not_null_discount").message()).contains("discount");
        // The custom query reads the contract's columns: it cannot run while discount is missing.
        assertThat(results.get("no_negative_prices").outcome()).isEqualTo(CheckOutcome.ERROR);

        Map<String, DatasetQuality> health = run.datasets().stream().collect(Collectors.toMap(DatasetQuality::dataset, quality -> quality));
        // No blocking check failed, but freshness did: stale outranks the other failures
        assertThat(health.get("orders").status()).isEqualTo(QualityStatus.STALE);
        assertThat(health.get("orders").failedChecks()).contains("freshness", "schema", "not_null_discount").doesNotContain("unique_order_status");
        assertThat(health.get("nations").status()).isEqualTo(QualityStatus.WARNING);
        assertThat(health.get("orders").blocked()).isFalse();
    }

    @Test
    void aCommitTriggersTheChecksOfTheDatasetsReadingTheTable()
    {
        // Its data changes: a product of its own.
        cleanProduct("guarded");
        awaitServed(getQueryRunner(), ADMIN, "guarded");
        long before = service().qualityResults(Optional.of("guarded"), Optional.of("orders"), Optional.of("range_totalprice"), 1000).size();
        // The table's snapshot before the bad row, as a paging client would have pinned it.
        long clean = (long) getQueryRunner().execute(ADMIN, """
                SELECT snapshot_id FROM lake.guarded."orders$snapshots"
                WHERE snapshot_id NOT IN (SELECT parent_id FROM lake.guarded."orders$snapshots" WHERE parent_id IS NOT NULL)""").getOnlyValue();
        String pinned = "mesh.guarded.\"%s\"".formatted(PinnedSnapshot.tableName("orders", clean));

        run("INSERT INTO lake.guarded.orders VALUES (999999, 1, 'O', -1.0, DATE '1998-08-02', 'Clerk#000000001')");

        DatasetQuality failing = awaitStatus("guarded", "orders", status -> status.status() == QualityStatus.FAILING);
        assertThat(failing.blockedBy()).isEqualTo("range_totalprice");
        assertThat(failing.blockedMessage()).isEqualTo("1 rows have a totalprice below 0 or above 1000000 (expected between 0 and 1000000)");
        assertThat(failing.failedChecks()).containsExactlyInAnyOrder("range_totalprice", "no_negative_prices");
        List<CheckResult> history = service().qualityResults(Optional.of("guarded"), Optional.of("orders"), Optional.of("range_totalprice"), 1000);
        assertThat(history).hasSize((int) before + 1);
        assertThat(service().qualityRun(history.getFirst().runId()).trigger()).isEqualTo("commit");
        // The snapshot the mesh connectors poll carries the open circuit breaker
        assertThat(service().snapshotIfChanged(Optional.empty()).orElseThrow().quality())
                .anySatisfy(quality -> assertThat(quality.blockedBy()).isEqualTo("range_totalprice"));

        // The circuit breaker: the mesh dataset refuses to be read, naming the check, unless the session insists
        String blocked = awaitQueryFailure("SELECT count(*) FROM mesh.guarded.orders");
        assertThat(blocked).startsWith("Dataset mesh.guarded.orders is blocked: its blocking quality check 'range_totalprice' failed")
                .contains("1 rows have a totalprice below 0 or above 1000000 (expected between 0 and 1000000)", "SET SESSION mesh.read_failing = true");
        // Who may not read the dataset is refused before the breaker would tell why it is blocked
        assertThat(getQueryRunner().execute(MALLORY, "SELECT count(*) FROM information_schema.tables").getOnlyValue()).isNotNull();
        assertThatThrownBy(() -> getQueryRunner().execute(MALLORY, "SELECT count(*) FROM mesh.guarded.orders"))
                .hasMessageContaining("Access Denied")
                .hasMessageNotContaining("range_totalprice");
        Session readAnyway = Session.builder(ADMIN).setCatalogSessionProperty("mesh", "read_failing", "true").build();
        assertThat(getQueryRunner().execute(readAnyway, "SELECT count(*) FROM mesh.guarded.orders").getOnlyValue()).isEqualTo(15001L);
        // Pinned, even at a snapshot from before the bad row, the dataset is blocked all the same: its health is the dataset's.
        assertThatThrownBy(() -> getQueryRunner().execute(ADMIN, "SELECT count(*) FROM " + pinned))
                .hasMessageStartingWith("Dataset mesh.guarded.orders@snapshot:%s is blocked: its blocking quality check 'range_totalprice' failed".formatted(clean))
                .hasMessageContaining("WHERE product = 'guarded' AND dataset = 'orders'");
        assertThatThrownBy(() -> getQueryRunner().execute(MALLORY, "SELECT count(*) FROM " + pinned))
                .hasMessageContaining("Access Denied")
                .hasMessageNotContaining("range_totalprice");
        assertThat(getQueryRunner().execute(readAnyway, "SELECT count(*) FROM " + pinned).getOnlyValue()).isEqualTo(15000L);
        assertThat(getQueryRunner().execute(ADMIN, "SELECT quality_status, blocked_by FROM mesh.metadata.datasets WHERE product = 'guarded'").getMaterializedRows())
                .singleElement().satisfies(row -> assertThat(row.getFields()).containsExactly("failing", "range_totalprice"));

        run("DELETE FROM lake.guarded.orders WHERE totalprice < 0");

        DatasetQuality healthy = awaitStatus("guarded", "orders", status -> status.status() == QualityStatus.HEALTHY);
        assertThat(healthy.blocked()).isFalse();
        await(getQueryRunner(), ADMIN, "SELECT count(*) FROM mesh.guarded.orders", "15000"::equals);
        assertThat(getQueryRunner().execute(ADMIN, "SELECT count(*) FROM mesh.metadata.quality_results WHERE product = 'guarded' AND check_name = 'range_totalprice' AND outcome = 'failed'").getOnlyValue())
                .isEqualTo(1L);
    }

    private String awaitQueryFailure(String sql)
    {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                getQueryRunner().execute(ADMIN, sql);
            }
            catch (RuntimeException e) {
                return e.getMessage();
            }
            sleep(100);
        }
        throw new AssertionError("'%s' kept succeeding for 30 s".formatted(sql));
    }

    @Test
    void scheduledRunsAndRefusals()
    {
        service().applyProduct("ticks", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: ticks, domain: sales, owner: user:admin, version: 1.0.0, status: published}
                spec:
                  checks: {every: 1s, afterCommit: false}
                  datasets:
                    - name: nations
                      source: {sql: "SELECT nationkey, name FROM tpch.tiny.nation"}
                      columns:
                        - {name: nationkey, type: bigint}
                        - {name: name, type: varchar}
                      quality:
                        - {check: row_count, min: 25, max: 25}
                """, Optional.empty(), false);

        long deadline = System.nanoTime() + 60_000_000_000L;
        List<CheckResult> results = List.of();
        while (results.size() < 2 && System.nanoTime() < deadline) {
            sleep(200);
            results = service().qualityResults(Optional.of("ticks"), Optional.empty(), Optional.empty(), 100);
        }
        assertThat(results).hasSizeGreaterThanOrEqualTo(2).allSatisfy(result -> assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED));
        assertThat(results.stream().map(CheckResult::runId).distinct().map(id -> service().qualityRun(id).trigger())).containsOnly("schedule");

        assertThatThrownBy(() -> service().requestQualityRun("nowhere", Optional.empty()))
                .isInstanceOf(CatalogServiceException.class)
                .hasMessageContaining("no product named 'nowhere'");
        assertThatThrownBy(() -> service().requestQualityRun("shop", Optional.of("lines")))
                .isInstanceOf(CatalogServiceException.class)
                .hasMessageContaining("product 'shop' has no dataset named 'lines'; it has orders");
    }

    @Test
    void theCommandLineRunsChecksAndShowsHealthAndHistory()
    {
        Cli failing = cli("check", "dirty", "--dataset", "orders");
        assertThat(failing.exitCode()).as(failing.out() + failing.err()).isEqualTo(1);
        assertThat(failing.out())
                .startsWith("run ")
                .containsPattern("orders +not_null_orderkey +failed +1 +0 nulls +1 rows have no orderkey")
                .containsPattern("orders +unique_order_status +passed +0 +0 duplicates")
                .contains("orders: stale")
                .endsWith("1 of 12 checks passed\n");

        Cli passing = cli("check", "shop");
        assertThat(passing.exitCode()).as(passing.out() + passing.err()).isZero();
        assertThat(passing.out()).contains("orders: healthy").endsWith("10 of 10 checks passed\n");

        // The health of both datasets of dirty, nations' from a run of its own
        assertThat(cli("check", "dirty", "--dataset", "nations").exitCode()).isEqualTo(1);
        Cli health = cli("quality", "dirty");
        assertThat(health.exitCode()).isZero();
        assertThat(health.out()).containsPattern("dirty +orders +stale +").containsPattern("dirty +nations +warning +");

        // The history of a check, with the run of this test in it
        Cli failures = cli("quality", "results", "dirty", "--check", "range_totalprice", "--limit", "50");
        assertThat(failures.exitCode()).isZero();
        assertThat(failures.out().lines().filter(line -> line.contains("range_totalprice"))).isNotEmpty().allMatch(line -> line.contains("failed"));
        Cli passes = cli("quality", "results", "shop", "--check", "range_totalprice", "--limit", "50");
        assertThat(passes.exitCode()).isZero();
        assertThat(passes.out().lines().filter(line -> line.contains("range_totalprice"))).isNotEmpty().allMatch(line -> line.contains("passed"));
    }

    private Cli cli(String... args)
    {
        return CliRuns.asAdmin(mesh.service(), args);
    }

    private QualityRun runChecks(String product)
    {
        QualityRun run = service().requestQualityRun(product, Optional.empty());
        assertThat(run.state()).isIn("queued", "running", "finished");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!run.done()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("quality run %s did not finish in 2 minutes: %s".formatted(run.id(), run));
            }
            sleep(100);
            run = service().qualityRun(run.id());
        }
        return run;
    }

    private DatasetQuality awaitStatus(String product, String dataset, Predicate<DatasetQuality> condition)
    {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Optional<DatasetQuality> quality = service().qualityStatus(Optional.of(product)).stream().filter(status -> status.dataset().equals(dataset)).findFirst();
            if (quality.isPresent() && condition.test(quality.orElseThrow())) {
                return quality.orElseThrow();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("%s.%s did not reach the expected health in 60 s; it is %s".formatted(product, dataset, quality));
            }
            sleep(100);
        }
    }

    private List<String> qualityQueriesSince(Instant start, String reading)
    {
        return getQueryRunner().execute(ADMIN, """
                        SELECT query FROM system.runtime.queries
                        WHERE "user" = 'mesh-quality' AND created >= from_iso8601_timestamp('%s') AND strpos(query, '%s') > 0""".formatted(start, reading))
                .getOnlyColumn()
                .map(String.class::cast)
                .map(String::strip)
                .toList();
    }

    private static void assertFailed(CheckResult result, double measured, String message)
    {
        assertThat(result.outcome()).as(result.check()).isEqualTo(CheckOutcome.FAILED);
        assertThat(result.measured()).as(result.check()).isEqualTo(measured);
        assertThat(result.message()).as(result.check()).isEqualTo(message);
    }

    private static Map<String, CheckResult> byCheck(List<CheckResult> results)
    {
        return results.stream().collect(Collectors.toMap(CheckResult::check, result -> result));
    }

    private void run(String sql)
    {
        getQueryRunner().execute(ADMIN, sql);
    }
}
