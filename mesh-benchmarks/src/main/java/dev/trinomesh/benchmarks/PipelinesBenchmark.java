package dev.trinomesh.benchmarks;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.api.quality.CheckOutcome;
import dev.trinomesh.api.quality.CheckResult;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Self-serve pipelines end to end: runs of {@code kind: Pipeline} descriptors through the catalog service, as the
 * benchmark stack runs them ({@code pipeline:<product>} in Trino, staged shadow tables, the product's blocking checks,
 * one publish), everything set up and asked for as the stack's admin.
 * <ol>
 * <li>Cost follows new data: products {@code bench_src_small} and {@code bench_src_large} over lake copies of TPC-H
 * {@code sf0.1} and {@code sf1} orders (150,000 and 1,500,000 rows), and {@code bench_dst_small}/{@code bench_dst_large}
 * whose {@code orders} declares three blocking row-by-row checks ({@code not_null}, {@code range}, {@code
 * accepted_values}); pipelines {@code bench_copy_small}/{@code bench_copy_large} append {@code ${changes(...)}} of their
 * upstream to it, triggered by commits to the upstream. A first run by hand copies the whole upstream (not measured);
 * then each round appends the same 1,500 new orders (keys beyond every existing one) to each upstream, small and large
 * alternating, and follows the run the commit triggers: its time (startedAt to finishedAt, the service's clock), its
 * step's and audit queries' times, from the INSERT's return until the benchmark sees it finished, and the rows Trino read
 * for its step. 2 warm-up and ROUNDS (15) measured rounds. The same again with a blocking {@code unique orderkey} added
 * to both targets (a minor version), which reads the whole staged table.</li>
 * <li>Trigger to run start: in the same rounds, from the upstream INSERT's return (this JVM's clock) until the triggered
 * run was queued ({@code createdAt}) and started ({@code startedAt}) on the service's clock, on the same machine.</li>
 * <li>Staging and publishing: a pipeline {@code bench_wap_build} of product {@code bench_wap} whose one step is {@code
 * CREATE OR REPLACE TABLE lake.bench_wap.facts AS SELECT ... FROM tpch.sf1.lineitem} (no checks, so an empty audit),
 * beside the same statement run by admin straight into {@code lake.bench_wap.facts_direct}, alternating: 1 warm-up and 5
 * (fewer when ROUNDS is) measured rounds of each; the run's time beside the statement's, and the run's own breakdown.</li>
 * </ol>
 * Usage: PipelinesBenchmark JDBC_URL SERVICE_URI [ROUNDS].
 */
public final class PipelinesBenchmark
{
    private PipelinesBenchmark() {}

    private static final int WARMUP = 2;
    private static final int WAP_WARMUP = 1;
    private static final int WAP_ROUNDS = 5;
    private static final int APPENDED_ROWS = 1_500;
    /** The rows each append copies, orderkeys 1 to 5,988 of sf0.1 (exactly 1,500 rows), moved by the append's number times this: beyond every key. */
    private static final String APPENDED = "SELECT * FROM tpch.\"sf0.1\".orders ORDER BY orderkey LIMIT " + APPENDED_ROWS;
    private static final long KEY_OFFSET = 10_000_000;
    private static final double COST_TARGET_RATIO = 1.2;
    private static final double TRIGGER_TARGET_MILLIS = 2_000;
    private static final double WAP_TARGET_RATIO = 1.1;
    private static final double WAP_MINIMUM_SECONDS = 10;
    /** How often a run's state is asked for: the run's time comes from the service's own timestamps, not from this. */
    private static final long POLL_MILLIS = 100;
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(10);
    private static final String WAP_PRODUCT = "bench_wap";
    private static final String WAP_PIPELINE = "bench_wap_build";
    /** Every column of sf1's line items: over 10 s on the benchmark machine's 2 cores (its 11 first columns took 9.6-12.6 s). */
    private static final String WAP_SELECT = "SELECT * FROM tpch.sf1.lineitem";
    private static final long WAP_ROWS = 6_001_215;
    private static final List<String> ORDERS_COLUMNS = List.of(
            "orderkey bigint", "custkey bigint", "orderstatus varchar", "totalprice double", "orderdate date", "orderpriority varchar", "clerk varchar", "shippriority integer", "comment varchar");
    private static final List<String> FACTS_COLUMNS = List.of(
            "orderkey bigint", "partkey bigint", "suppkey bigint", "linenumber integer", "quantity double", "extendedprice double", "discount double", "tax double", "returnflag varchar",
            "linestatus varchar", "shipdate date", "commitdate date", "receiptdate date", "shipinstruct varchar", "shipmode varchar", "comment varchar");
    private static final List<String> ROW_CHECKS = List.of(
            "{check: not_null, column: orderkey, blocking: true}",
            "{check: range, column: totalprice, min: 0, blocking: true}",
            "{check: accepted_values, column: orderstatus, values: [F, O, P], blocking: true}");
    private static final String UNIQUE_CHECK = "{check: unique, column: orderkey, blocking: true}";
    /** The kinds of check a staged audit runs on the whole table; the others read only the appended files, in a scan of their own. */
    private static final Set<String> WHOLE_TABLE_KINDS = Set.of("unique", "row_count");

    /** One side of the cost comparison: an upstream product over a copy of {@code tpchSchema}'s orders, its downstream product and their pipeline. */
    private record Scale(String name, String tpchSchema, long rows)
    {
        String source()
        {
            return "bench_src_" + name;
        }

        String target()
        {
            return "bench_dst_" + name;
        }

        String pipeline()
        {
            return "bench_copy_" + name;
        }

        String label()
        {
            return "%s (%s, %,d rows)".formatted(name, tpchSchema.substring("tpch.".length()).replace("\"", ""), rows);
        }
    }

    private static final List<Scale> SCALES = List.of(new Scale("small", "tpch.\"sf0.1\"", 150_000), new Scale("large", "tpch.sf1", 1_500_000));

    /** What was measured of one scale's runs in one phase. */
    private record CostTimings(Timings run, Timings step, Timings audit, Timings rest, Timings committedToFinished, List<Long> rowsRead)
    {
        static CostTimings of(Scale scale)
        {
            String name = scale.name();
            return new CostTimings(new Timings(name + ": run (startedAt to finishedAt)"), new Timings(name + ":   its step"), new Timings(name + ":   its audit queries"),
                    new Timings(name + ":   the rest (stage, publish, service)"), new Timings(name + ": INSERT returned to run seen finished"), new ArrayList<>());
        }

        void add(PipelineRun run, long committedToFinishedNanos)
        {
            long runMillis = millis(run.startedAt(), run.finishedAt());
            long stepMillis = run.steps().getFirst().durationMillis();
            long auditMillis = auditMillis(run);
            this.run.add(TimeUnit.MILLISECONDS.toNanos(runMillis));
            step.add(TimeUnit.MILLISECONDS.toNanos(stepMillis));
            audit.add(TimeUnit.MILLISECONDS.toNanos(auditMillis));
            rest.add(TimeUnit.MILLISECONDS.toNanos(runMillis - stepMillis - auditMillis));
            committedToFinished.add(committedToFinishedNanos);
            rowsRead.add(run.steps().getFirst().rowsRead());
        }

        List<Timings> all()
        {
            return List.of(run, step, audit, rest, committedToFinished);
        }
    }

    /**
     * How soon a commit starts the run it triggers: from the upstream snapshot's commit time (its {@code committed_at},
     * Trino's clock) until the run started, and from the INSERT's return to this JVM until the run was queued
     * ({@code createdAt}) and started ({@code startedAt}, the service's clock); all on the same machine. The run may start
     * before the INSERT returns: Trino commits, then answers the client.
     */
    private record TriggerTimings(Timings committedToStarted, Timings returnedToQueued, Timings returnedToStarted)
    {
        static TriggerTimings of(Scale scale)
        {
            return new TriggerTimings(new Timings(scale.pipeline() + ": commit to run started"), new Timings(scale.pipeline() + ": INSERT returned to run queued"),
                    new Timings(scale.pipeline() + ": INSERT returned to run started"));
        }

        void add(PipelineRun run, Instant committed, Instant returned)
        {
            committedToStarted.add(Duration.between(committed, run.startedAt()).toNanos());
            returnedToQueued.add(Duration.between(returned, run.createdAt()).toNanos());
            returnedToStarted.add(Duration.between(returned, run.startedAt()).toNanos());
        }

        List<Timings> all()
        {
            return List.of(committedToStarted, returnedToQueued, returnedToStarted);
        }
    }

    public static void main(String[] args)
            throws Exception
    {
        String url = args[0];
        URI service = URI.create(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int wapRounds = Math.min(rounds, WAP_ROUNDS);

        try (JettyHttpClient httpClient = new JettyHttpClient(new HttpClientConfig());
                Connection connection = StackTrino.connect(url, "admin");
                Statement statement = connection.createStatement()) {
            CatalogServiceClient client = new CatalogServiceClient(httpClient, service, BenchProducts.adminToken());
            String setUp = setUp(statement, client);
            System.out.println();

            Map<String, TriggerTimings> triggers = new LinkedHashMap<>();
            SCALES.forEach(scale -> triggers.put(scale.name(), TriggerTimings.of(scale)));
            AtomicLong appends = new AtomicLong();
            Map<String, CostTimings> rowChecks = costRounds(statement, client, rounds, "3 row-by-row checks", appends, triggers);
            for (Scale scale : SCALES) {
                client.applyProduct(scale.target(), targetDescriptor(scale, true), Optional.of("*"), false);
            }
            System.out.printf("%n%s and %s at 1.1.0: a blocking unique orderkey added to their checks (it reads the whole staged table)%n", SCALES.get(0).target(), SCALES.get(1).target());
            Map<String, CostTimings> withUnique = costRounds(statement, client, rounds, "3 row-by-row checks and unique orderkey", appends, triggers);
            verifyCopies(statement);
            WapTimings wap = wapRounds(statement, client, wapRounds);

            System.out.printf("%n%s%n", setUp);
            report(rounds, rowChecks, withUnique, triggers, wapRounds, wap);
        }
    }

    // --- Set-up -----------------------------------------------------------------------------------------------------

    private static String setUp(Statement statement, CatalogServiceClient client)
            throws Exception
    {
        for (Scale scale : SCALES) {
            long rows = Long.parseLong(single(statement, "SELECT count(*) FROM %s.orders".formatted(scale.tpchSchema())));
            if (rows != scale.rows()) {
                throw new IllegalStateException("%s.orders has %,d rows, expected %,d".formatted(scale.tpchSchema(), rows, scale.rows()));
            }
        }
        if (!single(statement, "SELECT count(*) FROM (%s)".formatted(APPENDED)).equals(String.valueOf(APPENDED_ROWS))) {
            throw new IllegalStateException("the appended rows are not %s rows: %s".formatted(APPENDED_ROWS, APPENDED));
        }
        long maxAppendedKey = Long.parseLong(single(statement, "SELECT max(orderkey) FROM (%s)".formatted(APPENDED)));
        List<String> copies = new ArrayList<>();
        for (Scale scale : SCALES) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS lake." + scale.source());
            statement.execute("CREATE SCHEMA IF NOT EXISTS lake." + scale.target());
            long start = System.nanoTime();
            statement.execute("CREATE TABLE lake.%s.orders AS SELECT * FROM %s.orders".formatted(scale.source(), scale.tpchSchema()));
            double seconds = (System.nanoTime() - start) / 1e9;
            // Empty: the pipeline's first run copies the whole upstream into it.
            statement.execute("CREATE TABLE lake.%s.orders AS SELECT * FROM %s.orders WITH NO DATA".formatted(scale.target(), scale.tpchSchema()));
            copies.add("lake.%s.orders from %s.orders (%,d rows, %s data files, %.1f s)".formatted(scale.source(), scale.tpchSchema(), scale.rows(),
                    single(statement, "SELECT count(*) FROM lake.%s.\"orders$files\"".formatted(scale.source())), seconds));
        }
        statement.execute("CREATE SCHEMA IF NOT EXISTS lake." + WAP_PRODUCT);
        statement.execute("CREATE TABLE lake.%s.facts AS %s WITH NO DATA".formatted(WAP_PRODUCT, WAP_SELECT));
        statement.execute("CREATE TABLE lake.%s.facts_direct AS %s WITH NO DATA".formatted(WAP_PRODUCT, WAP_SELECT));
        System.out.println("copied as admin: " + String.join("; ", copies));

        for (Scale scale : SCALES) {
            client.applyProduct(scale.source(), sourceDescriptor(scale), Optional.of("*"), false);
            client.applyProduct(scale.target(), targetDescriptor(scale, false), Optional.of("*"), false);
            client.applyPipeline(scale.pipeline(), copyPipeline(scale), Optional.of("*"), false);
        }
        client.applyProduct(WAP_PRODUCT, wapDescriptor(), Optional.of("*"), false);
        client.applyPipeline(WAP_PIPELINE, wapPipeline(), Optional.of("*"), false);
        System.out.printf("registered %s; pipelines %s (triggered by their upstream's orders) and %s (by hand)%n",
                SCALES.stream().flatMap(scale -> List.of(scale.source(), scale.target()).stream()).collect(Collectors.joining(", ")) + ", " + WAP_PRODUCT,
                SCALES.stream().map(Scale::pipeline).collect(Collectors.joining(", ")), WAP_PIPELINE);
        for (Scale scale : SCALES) {
            awaitServed(statement, scale.source());
        }

        // The first run reads the whole upstream (a first run has no snapshot to start from) and records where the next starts.
        for (Scale scale : SCALES) {
            long start = System.nanoTime();
            PipelineRun run = firstRun(client, scale.pipeline());
            System.out.printf("first run of %s (by hand, not measured): %,d rows copied in %.1f s (run %s, %s ms from start to finish)%n", scale.pipeline(), run.steps().getFirst().rows(),
                    (System.nanoTime() - start) / 1e9, run.id(), millis(run.startedAt(), run.finishedAt()));
            if (run.steps().getFirst().rows() != scale.rows()) {
                throw new IllegalStateException("the first run of %s copied %s rows, expected %,d".formatted(scale.pipeline(), run.steps().getFirst().rows(), scale.rows()));
            }
        }
        waitUntilQuiet(statement);
        return ("set-up: %s; lake.bench_dst_*.orders filled by their pipeline's first run; each append: %,d rows (%s, orderkey + N x %,d, the keys of the slice at most %,d), "
                + "the service's pipelines.poll-interval %s; targets' checks blocking, afterCommit: false").formatted(String.join("; ", copies), APPENDED_ROWS, APPENDED, KEY_OFFSET,
                maxAppendedKey, pollInterval());
    }

    /** Waits until Trino's mesh catalog serves the product's orders (the connector follows the registry). */
    private static void awaitServed(Statement statement, String product)
            throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (single(statement, "SELECT count(*) FROM mesh.information_schema.tables WHERE table_schema = '%s' AND table_name = 'orders'".formatted(product)).equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("%s.orders was registered but Trino does not serve it after 5 minutes; see the Trino server log".formatted(product));
            }
            Thread.sleep(100);
        }
    }

    /**
     * The demo's pipelines and the quality checks that follow their commits run after ./mesh up: wait until no query of
     * theirs runs, so that none runs beside the measured ones.
     */
    private static void waitUntilQuiet(Statement statement)
            throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        int quiet = 0;
        while (quiet < 3) {
            boolean running = !single(statement, "SELECT count(*) FROM system.runtime.queries WHERE source IN ('mesh-quality', 'mesh-pipeline') AND state NOT IN ('FINISHED', 'FAILED')").equals("0");
            quiet = running ? 0 : quiet + 1;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("quality checks or pipelines are still running after 5 minutes; see the catalog service's log");
            }
            Thread.sleep(1000);
        }
    }

    /** A first run by hand; tried again while Trino's governance does not know the pipeline yet (it follows the registry's snapshot). */
    private static PipelineRun firstRun(CatalogServiceClient client, String pipeline)
            throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            PipelineRun run = awaitFinished(client, client.requestPipelineRun(pipeline, Optional.empty(), Optional.empty()).id());
            if (run.status() == PipelineRun.Status.PUBLISHED) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the first run of %s did not publish within 5 minutes; the last, run %s, %s: %s".formatted(pipeline, run.id(), run.status().wireName(), run.error()));
            }
            System.out.printf("  first run of %s %s (trying again in 2 s): %s%n", pipeline, run.status().wireName(), run.error());
            Thread.sleep(2_000);
        }
    }

    // --- Cost follows new data, and trigger to run start -----------------------------------------------------------

    private static Map<String, CostTimings> costRounds(Statement statement, CatalogServiceClient client, int rounds, String checks, AtomicLong appends, Map<String, TriggerTimings> triggers)
            throws Exception
    {
        System.out.printf("Appends of %,d rows to each upstream, each followed by the run it triggers (%s): %s warm-up and %s measured rounds, small and large alternating%n",
                APPENDED_ROWS, checks, WARMUP, rounds);
        Map<String, CostTimings> timings = new LinkedHashMap<>();
        SCALES.forEach(scale -> timings.put(scale.name(), CostTimings.of(scale)));
        for (int round = 0; round < WARMUP + rounds; round++) {
            List<String> line = new ArrayList<>();
            for (int i = 0; i < SCALES.size(); i++) {
                Scale scale = SCALES.get((round + i) % SCALES.size());
                long previous = latestRun(client, scale.pipeline()).map(PipelineRun::id).orElse(0L);
                long offset = KEY_OFFSET * appends.incrementAndGet();
                int appended = statement.executeUpdate("INSERT INTO lake.%s.orders SELECT orderkey + %s, custkey, orderstatus, totalprice, orderdate, orderpriority, clerk, shippriority, comment FROM (%s)"
                        .formatted(scale.source(), offset, APPENDED));
                Instant inserted = Instant.now();
                long insertedNanos = System.nanoTime();
                if (appended != APPENDED_ROWS) {
                    throw new IllegalStateException("the append to %s wrote %s rows, expected %s".formatted(scale.source(), appended, APPENDED_ROWS));
                }
                PipelineRun run = awaitFinished(client, awaitTriggered(client, scale, previous));
                long committedToFinished = System.nanoTime() - insertedNanos;
                checkPublished(run, APPENDED_ROWS);
                // Read once the run is over, so as not to run beside it.
                Instant committed = Instant.ofEpochMilli(Math.round(1000 * Double.parseDouble(single(statement,
                        "SELECT to_unixtime(max(committed_at)) FROM lake.%s.\"orders$snapshots\"".formatted(scale.source())))));
                if (round >= WARMUP) {
                    timings.get(scale.name()).add(run, committedToFinished);
                    triggers.get(scale.name()).add(run, committed, inserted);
                }
                line.add("%s run %s: %,6d ms (step %,6d ms, audit %,5d ms, %,d rows read; started %,4d ms after the commit, %,4d ms after the INSERT returned)".formatted(scale.name(),
                        run.id(), millis(run.startedAt(), run.finishedAt()), run.steps().getFirst().durationMillis(), auditMillis(run), run.steps().getFirst().rowsRead(),
                        millis(committed, run.startedAt()), millis(inserted, run.startedAt())));
            }
            System.out.printf("%s %2d: %s%n", round < WARMUP ? "warm-up" : "round  ", round < WARMUP ? round + 1 : round - WARMUP + 1, String.join("; ", line));
        }
        return timings;
    }

    /** The run the append started: a run of the pipeline newer than {@code previous}. */
    private static long awaitTriggered(CatalogServiceClient client, Scale scale, long previous)
            throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            Optional<PipelineRun> latest = latestRun(client, scale.pipeline()).filter(run -> run.id() > previous);
            if (latest.isPresent()) {
                if (!latest.orElseThrow().trigger().equals("commit to %s.orders".formatted(scale.source()))) {
                    throw new IllegalStateException("run %s of %s was started by %s, not by the commit to %s.orders".formatted(latest.orElseThrow().id(), scale.pipeline(),
                            latest.orElseThrow().trigger(), scale.source()));
                }
                return latest.orElseThrow().id();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no run of %s started within 2 minutes of the commit to %s.orders".formatted(scale.pipeline(), scale.source()));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static Optional<PipelineRun> latestRun(CatalogServiceClient client, String pipeline)
    {
        return client.pipelineRuns(Optional.of(pipeline), Optional.empty(), 1).stream().findFirst();
    }

    /** The targets hold exactly their upstream's rows, once each. */
    private static void verifyCopies(Statement statement)
            throws Exception
    {
        for (Scale scale : SCALES) {
            String source = single(statement, "SELECT count(*) FROM lake.%s.orders".formatted(scale.source()));
            String target = single(statement, "SELECT CAST(count(*) AS varchar) || ' ' || CAST(count(DISTINCT orderkey) AS varchar) FROM lake.%s.orders".formatted(scale.target()));
            if (!target.equals(source + " " + source)) {
                throw new IllegalStateException("lake.%s.orders has %s rows (distinct orderkeys after the space), its upstream %s".formatted(scale.target(), target, source));
            }
            System.out.printf("lake.%s.orders holds its upstream's %,d rows, each orderkey once%n", scale.target(), Long.parseLong(source));
        }
    }

    // --- Staging and publishing -------------------------------------------------------------------------------------

    private record WapTimings(Timings run, Timings step, Timings rest, Timings requestToFinished, Timings direct) {}

    private static WapTimings wapRounds(Statement statement, CatalogServiceClient client, int rounds)
            throws Exception
    {
        String direct = "CREATE OR REPLACE TABLE lake.%s.facts_direct AS %s".formatted(WAP_PRODUCT, WAP_SELECT);
        System.out.printf("%nThe same statement as a pipeline's step and straight from admin, alternating: %s warm-up and %s measured rounds%n", WAP_WARMUP, rounds);
        System.out.printf("pipeline %s: CREATE OR REPLACE TABLE lake.%s.facts AS %s%nadmin through JDBC: %s%n", WAP_PIPELINE, WAP_PRODUCT, WAP_SELECT, direct);
        WapTimings timings = new WapTimings(new Timings("run (startedAt to finishedAt)"), new Timings("  its step"), new Timings("  the rest (stage, publish, service)"),
                new Timings("run: request to seen finished"), new Timings("the statement straight from admin"));
        for (int round = 0; round < WAP_WARMUP + rounds; round++) {
            boolean measured = round >= WAP_WARMUP;
            List<String> line = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                if ((round + i) % 2 == 0) {
                    long start = System.nanoTime();
                    PipelineRun run = awaitFinished(client, client.requestPipelineRun(WAP_PIPELINE, Optional.empty(), Optional.empty()).id());
                    long requestToFinished = System.nanoTime() - start;
                    checkPublished(run, WAP_ROWS);
                    long runMillis = millis(run.startedAt(), run.finishedAt());
                    long stepMillis = run.steps().getFirst().durationMillis();
                    if (measured) {
                        timings.run().add(TimeUnit.MILLISECONDS.toNanos(runMillis));
                        timings.step().add(TimeUnit.MILLISECONDS.toNanos(stepMillis));
                        timings.rest().add(TimeUnit.MILLISECONDS.toNanos(runMillis - stepMillis));
                        timings.requestToFinished().add(requestToFinished);
                    }
                    line.add("run %s %,7d ms (step %,7d ms, queued %,4d ms)".formatted(run.id(), runMillis, stepMillis, millis(run.createdAt(), run.startedAt())));
                }
                else {
                    long start = System.nanoTime();
                    long rows = statement.executeLargeUpdate(direct);
                    long nanos = System.nanoTime() - start;
                    if (rows != WAP_ROWS) {
                        throw new IllegalStateException("the direct statement wrote %s rows, expected %s".formatted(rows, WAP_ROWS));
                    }
                    if (measured) {
                        timings.direct().add(nanos);
                    }
                    line.add("direct %,7.0f ms".formatted(nanos / 1e6));
                }
            }
            System.out.printf("%s %d: %s%n", measured ? "round  " : "warm-up", measured ? round - WAP_WARMUP + 1 : round + 1, String.join("; ", line));
        }
        return timings;
    }

    // --- Runs -------------------------------------------------------------------------------------------------------

    private static PipelineRun awaitFinished(CatalogServiceClient client, long id)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + RUN_DEADLINE.toNanos();
        PipelineRun run = client.pipelineRun(id);
        while (!run.status().finished()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run %s of %s is still %s after %s".formatted(id, run.pipeline(), run.status().wireName(), RUN_DEADLINE));
            }
            Thread.sleep(POLL_MILLIS);
            run = client.pipelineRun(id);
        }
        return run;
    }

    /** A measured run published its one step's rows, and every check of its audit passed. */
    private static void checkPublished(PipelineRun run, long rows)
    {
        if (run.status() != PipelineRun.Status.PUBLISHED) {
            throw new IllegalStateException("run %s of %s %s: %s".formatted(run.id(), run.pipeline(), run.status().wireName(), run.error()));
        }
        if (run.steps().size() != 1 || run.steps().getFirst().rows() == null || run.steps().getFirst().rows() != rows) {
            throw new IllegalStateException("run %s of %s wrote %s, expected one step of %,d rows".formatted(run.id(), run.pipeline(), run.steps(), rows));
        }
        List<CheckResult> failed = run.audit().stream().filter(result -> result.outcome() != CheckOutcome.PASSED).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("run %s of %s published with checks not passing: %s".formatted(run.id(), run.pipeline(), failed));
        }
    }

    /** The audit's queries: the row-by-row checks share one scan of the new files, the whole-table ones another, and each check reports its scan's time. */
    private static long auditMillis(PipelineRun run)
    {
        return run.audit().stream()
                .collect(Collectors.groupingBy(result -> WHOLE_TABLE_KINDS.contains(result.kind()), Collectors.summarizingLong(CheckResult::durationMillis)))
                .values().stream()
                .mapToLong(LongSummaryStatistics::getMax)
                .sum();
    }

    // --- Results ----------------------------------------------------------------------------------------------------

    private static void report(int rounds, Map<String, CostTimings> rowChecks, Map<String, CostTimings> withUnique, Map<String, TriggerTimings> triggers, int wapRounds, WapTimings wap)
    {
        System.out.printf("%nCost follows new data: %,d rows appended, medians of %s rounds (ms)%n", APPENDED_ROWS, rounds);
        printCost("checks: not_null, range, accepted_values (row-by-row, the new files only)", rowChecks);
        printCost("checks: the same and unique orderkey (the whole staged table)", withUnique);
        System.out.println();
        printRatios("row-by-row checks", rowChecks, true);
        printRatios("with unique", withUnique, false);

        System.out.printf("%nTrigger to run start (ms), the %s measured rounds of both phases; the run may start before the INSERT returns (Trino commits, then answers)%n", 2 * rounds);
        printTimings(triggers.values().stream().flatMap(trigger -> trigger.all().stream()).toList());
        TriggerTimings small = triggers.get(SCALES.getFirst().name());
        System.out.printf("trigger to run start, %s: from the INSERT's return median %.0f ms (target < %.0f ms: %s), p95 %.0f ms; from the commit median %.0f ms, p95 %.0f ms%n",
                SCALES.getFirst().pipeline(), small.returnedToStarted().median(), TRIGGER_TARGET_MILLIS, small.returnedToStarted().median() < TRIGGER_TARGET_MILLIS ? "met" : "missed",
                small.returnedToStarted().percentile(0.95), small.committedToStarted().median(), small.committedToStarted().percentile(0.95));

        System.out.printf("%nStaging and publishing: %s as a pipeline run and straight from admin, %s rounds (ms)%n", WAP_SELECT, wapRounds);
        printTimings(List.of(wap.run(), wap.step(), wap.rest(), wap.requestToFinished(), wap.direct()));
        double ratio = wap.run().median() / wap.direct().median();
        System.out.printf("ratio run / direct: %.3f (target <= %.1f: %s; runs of at least %.0f s: %s, the shortest %.1f s); step / direct %.3f; request to finished / direct %.3f; "
                        + "staging and publishing (run - step) median %.0f ms, %.1f%% of the run%n",
                ratio, WAP_TARGET_RATIO, ratio <= WAP_TARGET_RATIO ? "met" : "missed", WAP_MINIMUM_SECONDS, wap.run().min() >= WAP_MINIMUM_SECONDS * 1000 ? "yes" : "no",
                wap.run().min() / 1000, wap.step().median() / wap.direct().median(), wap.requestToFinished().median() / wap.direct().median(), wap.rest().median(),
                100 * wap.rest().median() / wap.run().median());
    }

    private static void printRatios(String phase, Map<String, CostTimings> timings, boolean target)
    {
        CostTimings small = timings.get(SCALES.get(0).name());
        CostTimings large = timings.get(SCALES.get(1).name());
        double ratio = large.run().median() / small.run().median();
        System.out.printf("%-18s ratio large / small: run %.2f%s, its step %.2f, audit %.2f, INSERT returned to finished %.2f; p95 run %.2f; rows read (median) small %,d, large %,d%n",
                phase, ratio, target ? " (target <= %.1f: %s)".formatted(COST_TARGET_RATIO, ratio <= COST_TARGET_RATIO ? "met" : "missed") : "",
                large.step().median() / small.step().median(), large.audit().median() / small.audit().median(),
                large.committedToFinished().median() / small.committedToFinished().median(), large.run().percentile(0.95) / small.run().percentile(0.95),
                medianOf(small.rowsRead()), medianOf(large.rowsRead()));
    }

    private static void printCost(String title, Map<String, CostTimings> timings)
    {
        System.out.println(title);
        List<Timings> all = new ArrayList<>();
        for (Scale scale : SCALES) {
            all.addAll(timings.get(scale.name()).all());
        }
        printTimings(all);
    }

    private static void printTimings(List<Timings> timings)
    {
        System.out.printf("  %-48s %5s %9s %9s %9s %9s%n", "ms", "n", "median", "p95", "min", "max");
        timings.forEach(timing -> System.out.printf("  %-48s %5d %9.1f %9.1f %9.1f %9.1f%n", timing.name(), timing.count(), timing.median(), timing.percentile(0.95), timing.min(),
                timing.max()));
    }

    // --- Descriptors ------------------------------------------------------------------------------------------------

    private static String sourceDescriptor(Scale scale)
    {
        return product(scale.source(), "1.0.0", "TPC-H orders (%s), upstream of the pipelines benchmark".formatted(scale.label()), "  access: {consumers: [product:%s]}%n".formatted(scale.target()),
                "orders", "lake.%s.orders".formatted(scale.source()), ORDERS_COLUMNS, List.of());
    }

    private static String targetDescriptor(Scale scale, boolean unique)
    {
        List<String> checks = new ArrayList<>(ROW_CHECKS);
        if (unique) {
            checks.add(UNIQUE_CHECK);
        }
        return product(scale.target(), unique ? "1.1.0" : "1.0.0", "A copy of %s.orders built by the pipeline %s".formatted(scale.source(), scale.pipeline()), "  checks: {afterCommit: false}\n",
                "orders", "lake.%s.orders".formatted(scale.target()), ORDERS_COLUMNS, checks);
    }

    private static String wapDescriptor()
    {
        String facts = product(WAP_PRODUCT, "1.0.0", "TPC-H sf1 line items, built by a pipeline and straight by admin", "  checks: {afterCommit: false}\n", "facts",
                "lake.%s.facts".formatted(WAP_PRODUCT), FACTS_COLUMNS, List.of());
        return facts + datasetYaml("facts_direct", "lake.%s.facts_direct".formatted(WAP_PRODUCT), FACTS_COLUMNS, List.of());
    }

    private static String product(String name, String version, String description, String specLines, String dataset, String table, List<String> columns, List<String> checks)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata:
                  name: %s
                  domain: bench
                  owner: group:bench
                  version: %s
                  status: published
                  description: %s
                  tags: [bench, tpch]
                spec:
                %s  datasets:
                """.formatted(name, version, description, specLines) + datasetYaml(dataset, table, columns, checks);
    }

    private static String datasetYaml(String name, String table, List<String> columns, List<String> checks)
    {
        StringBuilder yaml = new StringBuilder("""
                    - name: %s
                      source: {table: %s}
                      columns:
                """.formatted(name, table));
        for (String column : columns) {
            String[] parts = column.split(" ");
            yaml.append("        - {name: %s, type: %s}%n".formatted(parts[0], parts[1]));
        }
        if (!checks.isEmpty()) {
            yaml.append("      quality:\n");
            checks.forEach(check -> yaml.append("        - %s%n".formatted(check)));
        }
        return yaml.toString();
    }

    private static String copyPipeline(Scale scale)
    {
        return """
                apiVersion: mesh/v1
                kind: Pipeline
                metadata:
                  name: %s
                  product: %s
                  description: Appends what %s.orders gained since the last run
                spec:
                  upstream: [%s]
                  trigger: {on: [%s.orders]}
                  steps:
                    - name: append
                      sql: |
                        INSERT INTO lake.%s.orders SELECT * FROM ${changes(%s.orders)}
                """.formatted(scale.pipeline(), scale.target(), scale.source(), scale.source(), scale.source(), scale.target(), scale.source());
    }

    private static String wapPipeline()
    {
        return """
                apiVersion: mesh/v1
                kind: Pipeline
                metadata:
                  name: %s
                  product: %s
                  description: Rebuilds facts from TPC-H sf1 line items
                spec:
                  timeout: 30m
                  steps:
                    - name: build
                      sql: |
                        CREATE OR REPLACE TABLE lake.%s.facts AS %s
                """.formatted(WAP_PIPELINE, WAP_PRODUCT, WAP_PRODUCT, WAP_SELECT);
    }

    // --- Helpers ----------------------------------------------------------------------------------------------------

    /** The service's {@code pipelines.poll-interval} as ./mesh up configured it, or its default. */
    private static String pollInterval()
            throws IOException
    {
        Path config = Path.of(requireNonNull(System.getenv("MESH_HOME"), "MESH_HOME is not set: run through benchmarks/run"), "etc", "catalog-service", "config.properties");
        Properties properties = new Properties();
        if (Files.isRegularFile(config)) {
            try (InputStream in = Files.newInputStream(config)) {
                properties.load(in);
            }
        }
        return Optional.ofNullable(properties.getProperty("pipelines.poll-interval")).orElse("250ms (the default)");
    }

    private static long millis(Instant from, Instant to)
    {
        return Duration.between(from, to).toMillis();
    }

    private static long medianOf(List<Long> values)
    {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String single(Statement statement, String sql)
            throws Exception
    {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
