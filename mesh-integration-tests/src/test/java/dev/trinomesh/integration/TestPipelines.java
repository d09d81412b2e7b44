package dev.trinomesh.integration;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.lineage.AuditEntry;
import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.api.model.PipelineRun.Status;
import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.catalog.lake.api.LakeStaging;
import dev.trinomesh.catalog.lake.api.LakeStaging.PublishRefusedException;
import dev.trinomesh.catalog.lake.api.StagedTable;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.trinomesh.integration.TestingSecureMesh.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pipelines on a real Trino and catalog service, as the demo runs them: steps run through Trino as
 * {@code pipeline:<product>} (the service impersonating it), their writes staged in shadow tables, audited by the
 * product's blocking checks and published all at once; triggers by commit (a chain across three products) and by
 * schedule; refusals by Trino at run time; lineage of each step. Each test has products of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestPipelines
{
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    private TestingSecureMesh mesh;
    private Path descriptors;
    private final JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig());

    @BeforeAll
    void setUp()
            throws Exception
    {
        mesh = TestingSecureMesh.create(java.util.Map.of("pipelines.poll-interval", "100ms"), true);
        descriptors = Files.createTempDirectory("pipelines");
    }

    @AfterAll
    void tearDown()
    {
        httpClient.close();
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void aCommitRunsAChainOfThreeProductsInOrderAndEachStepIsInLineage()
            throws Exception
    {
        orders("chain_orders", "product:chain_revenue");
        sql("INSERT INTO lake.chain_orders.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey <= 1000");
        sql("CREATE SCHEMA lake.chain_revenue");
        sql("CREATE TABLE lake.chain_revenue.daily (orderdate date, revenue double, orders bigint)");
        apply("""
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: chain_revenue, domain: pipes, owner: group:finance, version: 1.0.0, status: published, description: Revenue per day}
                spec:
                  datasets:
                    - name: daily
                      description: Revenue per order day
                      source: {table: lake.chain_revenue.daily}
                      columns:
                        - {name: orderdate, type: date, required: true, unique: true}
                        - {name: revenue, type: double}
                        - {name: orders, type: bigint}
                  access:
                    consumers: [group:executives, product:chain_summary]
                ---
                apiVersion: mesh/v1
                kind: Pipeline
                metadata: {name: chain_revenue_daily, product: chain_revenue, description: Revenue per day from the orders}
                spec:
                  upstream: [chain_orders]
                  trigger: {on: [chain_orders.orders]}
                  steps:
                    - name: revenue
                      sql: |
                        CREATE OR REPLACE TABLE lake.chain_revenue.daily AS
                        SELECT orderdate, sum(totalprice) AS revenue, count(*) AS orders
                        FROM mesh.chain_orders.orders GROUP BY orderdate
                """);
        sql("CREATE SCHEMA lake.chain_summary");
        sql("CREATE TABLE lake.chain_summary.monthly (month date, revenue double, orders bigint)");
        apply("""
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: chain_summary, domain: pipes, owner: group:executives, version: 1.0.0, status: published, description: Revenue per month}
                spec:
                  datasets:
                    - name: monthly
                      description: Revenue per month
                      source: {table: lake.chain_summary.monthly}
                      columns:
                        - {name: month, type: date, required: true, unique: true}
                        - {name: revenue, type: double}
                        - {name: orders, type: bigint}
                  access:
                    consumers: [group:executives]
                ---
                apiVersion: mesh/v1
                kind: Pipeline
                metadata: {name: chain_summary_monthly, product: chain_summary, description: Revenue per month from the days}
                spec:
                  upstream: [chain_revenue]
                  trigger: {on: [chain_revenue.daily]}
                  steps:
                    - name: months
                      sql: |
                        CREATE OR REPLACE TABLE lake.chain_summary.monthly AS
                        SELECT date_trunc('month', orderdate) AS month, sum(revenue) AS revenue, sum(orders) AS orders
                        FROM mesh.chain_revenue.daily GROUP BY date_trunc('month', orderdate)
                """);

        // One commit upstream, by its producer: both pipelines follow, in order.
        Instant committed = Instant.now();
        sql("INSERT INTO lake.chain_orders.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey > 1000");
        PipelineRun revenue = finishedRun("chain_revenue_daily", committed);
        assertThat(revenue.status()).as(revenue.toString()).isEqualTo(Status.PUBLISHED);
        assertThat(revenue.trigger()).isEqualTo("commit to chain_orders.orders");
        PipelineRun summary = finishedRun("chain_summary_monthly", committed);
        assertThat(summary.status()).as(summary.toString()).isEqualTo(Status.PUBLISHED);
        assertThat(summary.startedAt()).as("the second product's run starts after the first one published").isAfterOrEqualTo(revenue.finishedAt());
        assertThat(Duration.between(committed, revenue.startedAt())).as("a commit starts its pipeline within seconds").isLessThan(Duration.ofSeconds(5));

        Object total = mesh.value("admin", "SELECT CAST(round(sum(totalprice)) AS bigint) FROM tpch.tiny.orders");
        assertThat(mesh.value("xena", "SELECT CAST(round(sum(revenue)) AS bigint) FROM mesh.chain_summary.monthly")).isEqualTo(total);
        assertThat(mesh.value("xena", "SELECT sum(orders) FROM mesh.chain_summary.monthly")).isEqualTo(15000L);

        PipelineRun details = mesh.registry().pipelineRun(revenue.id());
        assertThat(details.steps()).singleElement().satisfies(step -> {
            assertThat(step.queryId()).isNotNull();
            assertThat(step.error()).isNull();
            assertThat(step.rows()).isEqualTo(mesh.value("admin", "SELECT count(DISTINCT orderdate) FROM tpch.tiny.orders"));
        });
        assertThat(details.tables()).singleElement().satisfies(table -> {
            assertThat(table.table()).isEqualTo("chain_revenue.daily");
            assertThat(table.published()).isTrue();
        });
        // No staged table is left behind once published.
        assertThat(tables("chain_revenue")).containsExactly("daily");

        // The step's query is in the audit trail as the pipeline's, through the pipeline door, and its lineage names the product's table.
        String queryId = details.steps().getFirst().queryId();
        List<AuditEntry> audit = QueryWaits.until("the step's query in the audit trail",
                () -> mesh.registry().audit(Optional.of("pipeline:chain_revenue"), Optional.empty(), Optional.empty(), Optional.empty(), 100),
                entries -> entries.stream().anyMatch(entry -> entry.queryId().equals(queryId)));
        AuditEntry entry = audit.stream().filter(candidate -> candidate.queryId().equals(queryId)).findFirst().orElseThrow();
        assertThat(entry.door()).isEqualTo("pipeline");
        assertThat(entry.impersonator()).isEqualTo(TestingSecureMesh.SERVICE_PRINCIPAL);
        assertThat(QueryWaits.until("the step's lineage", () -> mesh.registry().lineageEdges(Optional.of("lake.chain_revenue.daily"), 100), edges -> !edges.isEmpty()))
                .anySatisfy(edge -> assertThat(edge.sourceDataset()).isEqualTo("mesh.chain_orders.orders"))
                .allSatisfy(edge -> assertThat(edge.targetDataset()).doesNotContain("__staged_"));
    }

    @Test
    void anIncrementalRunReadsOnlyWhatItsUpstreamGainedSinceTheLastPublishedRun()
            throws Exception
    {
        orders("inc_source", "product:inc_copy");
        sql("INSERT INTO lake.inc_source.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey <= 20000");
        orders("inc_copy", "group:analysts");
        pipeline("inc_copy_load", "inc_copy", "upstream: [inc_source]", "INSERT INTO lake.inc_copy.orders SELECT * FROM ${changes(inc_source.orders)}");
        long first = tpch("orderkey <= 20000");

        // A first run reads the whole dataset, at one snapshot.
        PipelineRun whole = run("inc_copy_load");
        assertThat(whole.status()).as(whole.toString()).isEqualTo(Status.PUBLISHED);
        assertThat(whole.steps().getFirst().rows()).isEqualTo(first);
        // Trino's rows read count the source's rows, and for some plans also what a later stage took in (Trino 483
        // counts a few rows more than 476 in this plan).
        assertThat(whole.steps().getFirst().rowsRead()).isBetween(first, 2 * first + 50);

        // Two commits upstream; the next run reads only their rows, as Trino's rows read show.
        sql("INSERT INTO lake.inc_source.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey > 20000 AND orderkey <= 20100");
        sql("INSERT INTO lake.inc_source.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey > 20100 AND orderkey <= 20200");
        long added = tpch("orderkey > 20000 AND orderkey <= 20200");
        PipelineRun incremental = run("inc_copy_load");
        assertThat(incremental.status()).as(incremental.toString()).isEqualTo(Status.PUBLISHED);
        assertThat(incremental.steps().getFirst().rows()).isEqualTo(added);
        assertThat(incremental.steps().getFirst().rowsRead()).isBetween(added, 2 * added + 50);
        assertThat(count("alice", "mesh.inc_copy.orders")).isEqualTo(first + added);

        // Nothing new: nothing read, nothing written.
        PipelineRun idle = run("inc_copy_load");
        assertThat(idle.status()).isEqualTo(Status.PUBLISHED);
        assertThat(idle.steps().getFirst().rows()).isZero();
        assertThat(count("alice", "mesh.inc_copy.orders")).isEqualTo(first + added);

        // The changed rows are governed as the dataset: someone who does not consume it may not read them either.
        long snapshot = (long) mesh.value("admin", "SELECT snapshot_id FROM lake.inc_source.\"orders$snapshots\" ORDER BY committed_at DESC LIMIT 1");
        assertThatThrownBy(() -> mesh.value("eve", "SELECT count(*) FROM mesh.inc_source.\"orders@changes:%s:%s\"".formatted(snapshot, snapshot)))
                .hasMessageContaining("Access Denied");
        // And the lake's own table_changes stays refused to people.
        assertThatThrownBy(() -> mesh.value("alice", "SELECT count(*) FROM TABLE(lake.system.table_changes('inc_source', 'orders', 0, %s))".formatted(snapshot)))
                .hasMessageContaining("Access Denied");
    }

    @Test
    void aFailedAuditPublishesNothingAndKeepsTheStagedDataThenAFixedRunPublishes()
            throws Exception
    {
        orders("audited", "group:analysts");
        sql("INSERT INTO lake.audited.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey <= 100");
        long before = count("alice", "mesh.audited.orders");
        pipeline("audited_load", "audited", "", """
                INSERT INTO lake.audited.orders
                SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey > 100 AND orderkey <= 200
                UNION ALL SELECT 999999, 1, -5.0, DATE '1998-01-01'""");
        PipelineRun failed = run("audited_load");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(Status.AUDIT_FAILED);
        assertThat(failed.error()).contains("nothing was published", "orders.range");
        assertThat(failed.audit()).anySatisfy(result -> {
            assertThat(result.kind()).isEqualTo("range");
            assertThat(result.outcome()).isEqualTo(CheckOutcome.FAILED);
            assertThat(result.measured()).isEqualTo(1.0);
        });
        assertThat(count("alice", "mesh.audited.orders")).as("readers see the published data, untouched").isEqualTo(before);
        // The staged data is kept to be looked at, by the product's owners.
        PipelineRun.Table staged = failed.tables().getFirst();
        assertThat(staged.published()).isFalse();
        assertThat(staged.keptUntil()).isAfter(Instant.now().plus(Duration.ofDays(6)));
        assertThat(mesh.value("sam", "SELECT count(*) FROM lake." + staged.staged())).isEqualTo(before + tpch("orderkey > 100 AND orderkey <= 200") + 1);

        pipeline("audited_load", "audited", "", """
                INSERT INTO lake.audited.orders
                SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey > 100 AND orderkey <= 200""");
        PipelineRun fixed = run("audited_load");
        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(Status.PUBLISHED);
        assertThat(fixed.audit()).isNotEmpty().allSatisfy(result -> assertThat(result.outcome()).isEqualTo(CheckOutcome.PASSED));
        assertThat(count("alice", "mesh.audited.orders")).isEqualTo(before + tpch("orderkey > 100 AND orderkey <= 200"));
    }

    @Test
    void twoTablesArePublishedTogetherOrNotAtAll()
            throws Exception
    {
        orders("pair", "group:analysts");
        sql("CREATE TABLE lake.pair.totals (orders bigint)");
        sql("INSERT INTO lake.pair.totals VALUES 0");
        String bothSteps = """
                    - name: orders
                      sql: INSERT INTO lake.pair.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey <= 300
                    - name: totals
                      sql: INSERT INTO lake.pair.totals SELECT count(*) %s FROM lake.pair.orders
                """;
        applyPipeline("pair_load", "pair", "", bothSteps.formatted("/ 0"));
        PipelineRun failed = run("pair_load");
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.error()).contains("step 2 ('totals') failed", "Division by zero");
        assertThat(failed.steps()).extracting(PipelineRun.Step::rows).containsExactly(tpch("orderkey <= 300"), null);
        assertThat(count("admin", "lake.pair.orders")).as("the first step's rows were staged, never published").isZero();
        assertThat(tables("pair")).containsExactlyInAnyOrder("orders", "totals");

        applyPipeline("pair_load", "pair", "", bothSteps.formatted(""));
        PipelineRun published = run("pair_load");
        assertThat(published.status()).as(published.toString()).isEqualTo(Status.PUBLISHED);
        // The second step read the first one's staged rows: the run sees its own writes.
        assertThat(mesh.value("admin", "SELECT max(orders) FROM lake.pair.totals")).isEqualTo(tpch("orderkey <= 300"));
        assertThat(count("admin", "lake.pair.orders")).isEqualTo(tpch("orderkey <= 300"));
        assertThat(published.tables()).extracting(PipelineRun.Table::table, PipelineRun.Table::published)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pair.orders", true), org.assertj.core.groups.Tuple.tuple("pair.totals", true));
    }

    @Test
    void appendsAreReappliedOnATableThatMovedAndAnOverwriteIsRefused()
            throws Exception
    {
        orders("moved", "group:analysts");
        sql("INSERT INTO lake.moved.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey <= 100");
        LakeStaging staging = mesh.service().getInstance(LakeStaging.class);
        TableIdentifier orders = TableIdentifier.of(Namespace.of("moved"), "orders");

        StagedTable appended = staging.stage(orders, 1);
        sql("INSERT INTO lake.moved.\"%s\" SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey > 100 AND orderkey <= 200".formatted(appended.shadow().name()));
        // Someone else commits to the table meanwhile.
        sql("INSERT INTO lake.moved.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey > 200 AND orderkey <= 300");
        assertThat(staging.appendedFiles(appended)).get().asList().isNotEmpty();
        assertThat(staging.publish(List.of(appended))).containsExactly(orders);
        assertThat(count("admin", "lake.moved.orders")).as("both appends are in").isEqualTo(tpch("orderkey <= 300"));

        StagedTable overwritten = staging.stage(orders, 2);
        sql("DELETE FROM lake.moved.\"%s\" WHERE orderkey > 100".formatted(overwritten.shadow().name()));
        sql("INSERT INTO lake.moved.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey > 300 AND orderkey <= 400");
        assertThat(staging.appendedFiles(overwritten)).isEmpty();
        assertThatThrownBy(() -> staging.publish(List.of(overwritten)))
                .isInstanceOf(PublishRefusedException.class)
                .hasMessageContaining("moved.orders changed since the run began")
                .hasMessageContaining("nothing was published");
        assertThat(count("admin", "lake.moved.orders")).isEqualTo(tpch("orderkey <= 400"));
        staging.discard(overwritten);
        assertThat(tables("moved")).containsExactly("orders");
    }

    @Test
    void aPipelineReadingAProductThatDoesNotLetItIsRefusedByTrino()
            throws Exception
    {
        // The upstream is declared, but its consumers are people only, and the reader's owners are not among them: its
        // own rules still decide.
        orders("guarded", "group:analysts");
        orders("reader", "group:finance", "group:analysts");
        sql("INSERT INTO lake.guarded.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey <= 100");
        pipeline("reader_copy", "reader", "upstream: [guarded]", "INSERT INTO lake.reader.orders SELECT * FROM mesh.guarded.orders");
        PipelineRun run = run("reader_copy");
        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.error()).contains("step 1 ('load') failed", "Access Denied", "pipeline:reader", "guarded");
        assertThat(count("admin", "lake.reader.orders")).isZero();
    }

    @Test
    void aScheduleStartsRunsAndConsecutiveRunsSeeConsecutiveWindows()
            throws Exception
    {
        orders("scheduled", "group:analysts");
        sql("CREATE TABLE lake.scheduled.windows (window_start timestamp(3) with time zone, window_end timestamp(3) with time zone)");
        Instant applied = Instant.now();
        applyPipeline("scheduled_tick", "scheduled", "trigger: {every: 10s}",
                "    - name: load\n      sql: INSERT INTO lake.scheduled.windows VALUES (${window_start}, ${window_end})\n");
        PipelineRun first = finishedRun("scheduled_tick", applied);
        assertThat(first.trigger()).isEqualTo("schedule");
        assertThat(first.status()).as(first.toString()).isEqualTo(Status.PUBLISHED);
        PipelineRun second = QueryWaits.until("a second scheduled run", Duration.ofSeconds(60),
                () -> mesh.registry().pipelineRuns(Optional.of("scheduled_tick"), Optional.empty(), 10).stream().filter(run -> run.id() > first.id() && run.status().finished()).findFirst(),
                Optional::isPresent).orElseThrow();
        assertThat(second.status()).isEqualTo(Status.PUBLISHED);
        assertThat(second.windowStart()).isEqualTo(first.windowEnd());
        assertThat(Duration.between(first.startedAt(), second.startedAt()).toMillis()).isBetween(9_000L, 15_000L);
        assertThat(count("admin", "lake.scheduled.windows")).isEqualTo(2L);
    }

    @Test
    void onlyTheProductsOwnersRunItsPipelines()
            throws Exception
    {
        orders("owned", "group:analysts");
        pipeline("owned_load", "owned", "", "INSERT INTO lake.owned.orders SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey <= 10");
        assertThatThrownBy(() -> client("alice").requestPipelineRun("owned_load", Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(CatalogServiceException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> client("alice").requestPipelineRun("owned_load", Optional.of(Instant.parse("2026-01-02T00:00:00Z")), Optional.of(Instant.parse("2026-01-01T00:00:00Z"))))
                .isInstanceOfSatisfying(CatalogServiceException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> client("sam").requestPipelineRun("owned_load", Optional.of(Instant.parse("2026-01-02T00:00:00Z")), Optional.of(Instant.parse("2026-01-01T00:00:00Z"))))
                .isInstanceOfSatisfying(CatalogServiceException.class, e -> assertThat(e.getMessage()).contains("must be before its end"));
        assertThat(client("eve").pipelineRuns(Optional.of("owned_load"), Optional.empty(), 10)).isEmpty();
        PipelineRun run = client("sam").requestPipelineRun("owned_load", Optional.empty(), Optional.empty());
        assertThat(run.requestedBy()).isEqualTo("sam");
        assertThat(client("eve").pipelineRuns(Optional.empty(), Optional.empty(), 100)).noneMatch(candidate -> candidate.pipeline().equals("owned_load"));
        assertThatThrownBy(() -> client("eve").pipelineRun(run.id()))
                .isInstanceOfSatisfying(CatalogServiceException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    /** Product {@code name} owned by the sales team, with a lake table of orders and blocking checks, read by {@code consumer}. */
    private void orders(String name, String consumer)
            throws SQLException
    {
        orders(name, "group:sales-team", consumer);
    }

    private void orders(String name, String owner, String consumer)
            throws SQLException
    {
        sql("CREATE SCHEMA lake." + name);
        sql("CREATE TABLE lake.%s.orders (orderkey bigint, custkey bigint, totalprice double, orderdate date)".formatted(name));
        apply("""
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: pipes, owner: %s, version: 1.0.0, status: published, description: Orders}
                spec:
                  datasets:
                    - name: orders
                      description: One row per order
                      source: {table: lake.%s.orders}
                      columns:
                        - {name: orderkey, type: bigint, required: true, unique: true}
                        - {name: custkey, type: bigint}
                        - {name: totalprice, type: double}
                        - {name: orderdate, type: date}
                      quality:
                        - {check: not_null, column: orderkey, blocking: true}
                        - {check: range, column: totalprice, min: 0, blocking: true}
                        - {check: unique, column: orderkey, blocking: true}
                  access:
                    consumers: [%s]
                """.formatted(name, owner, name, consumer));
    }

    /** A pipeline of one step, {@code load}, with more of its spec ({@code upstream: [...]}, a trigger) as YAML lines. */
    private void pipeline(String name, String product, String spec, String sql)
    {
        applyPipeline(name, product, spec, "    - name: load\n      sql: |\n" + sql.lines().map(line -> "        " + line).reduce("", (a, b) -> a + b + "\n"));
    }

    private void applyPipeline(String name, String product, String spec, String steps)
    {
        apply("""
                apiVersion: mesh/v1
                kind: Pipeline
                metadata: {name: %s, product: %s}
                spec:
                  %s
                  steps:
                %s""".formatted(name, product, spec, steps));
    }

    private void apply(String yaml)
    {
        try {
            Path file = Files.createTempFile(descriptors, "descriptor", ".yaml");
            Files.writeString(file, yaml);
            CliRuns.Cli cli = CliRuns.asAdmin(mesh.service(), "apply", "-f", file.toString());
            assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the pipeline now, as admin, and waits for the run's end. */
    private PipelineRun run(String pipeline)
    {
        PipelineRun queued = mesh.registry().requestPipelineRun(pipeline, Optional.empty(), Optional.empty());
        return QueryWaits.until("run %s of %s to finish".formatted(queued.id(), pipeline), RUN_TIMEOUT,
                () -> mesh.registry().pipelineRun(queued.id()), run -> run.status().finished());
    }

    /** The first run of the pipeline created after {@code since}, once it finished. */
    private PipelineRun finishedRun(String pipeline, Instant since)
    {
        Optional<PipelineRun> run = QueryWaits.until("a run of %s after %s to finish".formatted(pipeline, since), RUN_TIMEOUT,
                () -> mesh.registry().pipelineRuns(Optional.of(pipeline), Optional.empty(), 20).stream()
                        .filter(candidate -> !candidate.createdAt().isBefore(since))
                        .min(java.util.Comparator.comparingLong(PipelineRun::id)),
                candidate -> candidate.isPresent() && candidate.orElseThrow().status().finished());
        return mesh.registry().pipelineRun(run.orElseThrow().id());
    }

    private long count(String user, String table)
            throws SQLException
    {
        return (long) mesh.value(user, "SELECT count(*) FROM " + table);
    }

    private long tpch(String where)
            throws SQLException
    {
        return (long) mesh.value("admin", "SELECT count(*) FROM tpch.tiny.orders WHERE " + where);
    }

    private List<Object> tables(String schema)
            throws SQLException
    {
        try (Connection connection = mesh.connect("admin")) {
            return rows(connection, "SHOW TABLES FROM lake." + schema).stream().map(List::getFirst).toList();
        }
    }

    private CatalogServiceClient client(String user)
    {
        return mesh.service().client(httpClient, user);
    }

    private void sql(String statement)
            throws SQLException
    {
        try (Connection connection = mesh.connect("admin")) {
            rows(connection, statement);
        }
    }
}
