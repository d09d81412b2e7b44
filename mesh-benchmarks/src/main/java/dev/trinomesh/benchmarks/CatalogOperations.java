package dev.trinomesh.benchmarks;

import com.google.common.collect.Iterables;
import dev.trinomesh.catalog.lake.LakeConfig;
import dev.trinomesh.catalog.lake.storage.LocalFileIO;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.testing.TestingPostgreSqlServer;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.metrics.CommitReport;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.auth.OAuth2Properties;
import org.apache.iceberg.types.Types;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The lake's REST catalog under a real Iceberg client (RESTCatalog over HTTP), with the service on H2 and on
 * PostgreSQL (durable: fsync, synchronous_commit and full_page_writes on). One client: load-table and commit latency
 * on a table with 100 snapshots, beside Iceberg's JdbcCatalog used directly (no HTTP, no gate, no commit log) in the
 * same run. Then {@value #CLIENTS} clients appending at once to ONE shared table (conflicts, retries, attempts per
 * commit, throughput, latency percentiles), and, a different question, each to a table of its own. An append commit
 * is one data file (metadata only): the client writes a manifest and a manifest list, the service validates, writes
 * the new metadata file and swaps the pointer. Usage: CatalogOperations [h2|postgresql|both] [COMMITS].
 */
public final class CatalogOperations
{
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.optional(3, "amount", Types.DecimalType.of(12, 2)),
            Types.NestedField.optional(4, "updated_at", Types.TimestampType.withZone()));
    private static final int CLIENTS = 4;

    // Airlift's logging takes over System.out when the service starts; results go to the real stdout.
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true);

    private CatalogOperations() {}

    public static void main(String[] args)
            throws Exception
    {
        String databases = args.length > 0 ? args[0] : "both";
        int commits = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        if (!databases.equals("postgresql")) {
            try (TestingCatalogService service = new TestingCatalogService()) {
                run("H2 (embedded, a file in a temporary directory, H2's default write delay)", service, commits);
            }
        }
        if (!databases.equals("h2")) {
            try (TestingPostgreSqlServer postgres = TestingPostgreSqlServer.durable();
                    TestingCatalogService service = new TestingCatalogService(Map.of("database.url", postgres.jdbcUrl(), "database.user", postgres.user()))) {
                run(PostgreSqlSettings.describe(postgres.jdbcUrl(), postgres.user()), service, commits);
            }
        }
    }

    private static void run(String database, TestingCatalogService service, int commits)
            throws Exception
    {
        OUT.printf("%n== catalog service on %s, %s commits per measurement ==%n", database, commits);
        try (RESTCatalog client = client(service, "bench")) {
            client.createNamespace(Namespace.of("bench"));
            Results rest = measure(client, commits);
            // The same answer without the client's parsing of it: the service and HTTP alone.
            Timings raw = new Timings("load-table, raw HTTP GET (no parsing)");
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpRequest get = HttpRequest.newBuilder(service.baseUri().resolve("/iceberg/v1/namespaces/bench/tables/events")).build();
                for (int i = 0; i < 250; i++) {
                    long start = System.nanoTime();
                    http.send(get, HttpResponse.BodyHandlers.ofByteArray());
                    if (i >= 50) {
                        raw.add(System.nanoTime() - start);
                    }
                }
            }
            // Baseline: Iceberg's JdbcCatalog used directly by the client (no HTTP, no gate, no log), on H2
            // whichever database the service uses.
            Path baselineDirectory = Files.createTempDirectory("jdbc-catalog-baseline");
            try (JdbcCatalog direct = new JdbcCatalog()) {
                direct.initialize("baseline", Map.of(
                        CatalogProperties.URI, "jdbc:h2:file:" + baselineDirectory.resolve("catalog"),
                        CatalogProperties.WAREHOUSE_LOCATION, "local:///baseline",
                        CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName(),
                        LocalFileIO.ROOT_PROPERTY, baselineDirectory.toString(),
                        "jdbc.schema-version", "V1"));
                direct.createNamespace(Namespace.of("bench"));
                Results baseline = measure(direct, commits);
                rest.print(baseline);
                OUT.println(raw.summary());
            }
            finally {
                deleteRecursively(baselineDirectory);
            }
        }
        sharedTable(service, commits);
        tablePerClient(service, commits);
    }

    private record Results(Timings load, Timings metadataCommit, Timings appendCommit)
    {
        void print(Results baseline)
        {
            OUT.println(load.summary() + ratio(load, baseline.load));
            OUT.println(metadataCommit.summary() + ratio(metadataCommit, baseline.metadataCommit));
            OUT.println(appendCommit.summary() + ratio(appendCommit, baseline.appendCommit));
        }

        private static String ratio(Timings measured, Timings baseline)
        {
            return "   (direct JdbcCatalog on H2: %.1f ms, ratio %.2f)".formatted(baseline.median(), measured.median() / baseline.median());
        }
    }

    private static Results measure(Catalog catalog, int commits)
    {
        TableIdentifier identifier = TableIdentifier.of("bench", "events");
        catalog.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned());
        // A table with a history: 100 snapshots.
        Table table = catalog.loadTable(identifier);
        for (int i = 0; i < 100; i++) {
            table.newAppend().appendFile(dataFile(table, i)).commit();
        }
        Timings load = new Timings("load-table (100 snapshots)");
        for (int i = 0; i < 250; i++) {
            long start = System.nanoTime();
            catalog.loadTable(identifier);
            if (i >= 50) {
                load.add(System.nanoTime() - start);
            }
        }
        // The catalog's part of a commit alone: a metadata change has no files for the client to write.
        Timings metadataCommit = new Timings("commit (set a table property)");
        for (int i = 0; i < commits + 20; i++) {
            long start = System.nanoTime();
            table.updateProperties().set("bench.counter", String.valueOf(i)).commit();
            if (i >= 20) {
                metadataCommit.add(System.nanoTime() - start);
            }
        }
        // A data commit: the client first writes a manifest and a manifest list (Avro), then commits.
        Timings appendCommit = new Timings("commit (append one file, 100+ snapshots)");
        for (int i = 0; i < commits; i++) {
            long start = System.nanoTime();
            table.newAppend().appendFile(dataFile(table, 1000 + i)).commit();
            appendCommit.add(System.nanoTime() - start);
        }
        return new Results(load, metadataCommit, appendCommit);
    }

    /**
     * The question for a shared table: {@value #CLIENTS} writers appending to ONE table at once, as concurrent
     * INSERTs into one table do. Of commits racing from the same snapshot one wins; the others get HTTP 409 and the
     * Iceberg client retries them after refreshing, with the table's retry settings (Iceberg's defaults:
     * {@value TableProperties#COMMIT_NUM_RETRIES_DEFAULT} retries, waiting from
     * {@value TableProperties#COMMIT_MIN_RETRY_WAIT_MS_DEFAULT} ms, doubling). Iceberg's own commit report gives
     * each successful commit's attempts; a commit that exhausts its retries fails. At the end the table must hold
     * exactly one snapshot per successful commit.
     */
    private static void sharedTable(TestingCatalogService service, int commitsPerClient)
            throws Exception
    {
        TableIdentifier identifier = TableIdentifier.of("bench", "shared");
        List<RESTCatalog> clients = new ArrayList<>();
        List<Long> attempts = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Table> tables = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                RESTCatalog client = client(service, "writer-" + i);
                clients.add(client);
                if (i == 0) {
                    client.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned());
                }
                Table loaded = client.loadTable(identifier);
                // The same table, with Iceberg's report of each successful commit (CommitReport) coming to this benchmark.
                tables.add(new BaseTable(((HasTableOperations) loaded).operations(), loaded.name(), report -> {
                    if (report instanceof CommitReport commit) {
                        attempts.add(commit.commitMetrics().attempts().value());
                    }
                }));
            }
            Concurrent run = commitConcurrently("commit latency, %s clients on one table".formatted(CLIENTS), tables, commitsPerClient);
            int succeeded = run.latency().count();
            int snapshots = Iterables.size(clients.getFirst().loadTable(identifier).snapshots());
            if (snapshots != succeeded || attempts.size() != succeeded) {
                throw new IllegalStateException("%s commits succeeded, %s were reported, and the table has %s snapshots".formatted(succeeded, attempts.size(), snapshots));
            }
            long totalAttempts = attempts.stream().mapToLong(Long::longValue).sum();
            // A commit that failed lost every one of its attempts.
            long conflicts = totalAttempts - succeeded + run.exhausted() * (TableProperties.COMMIT_NUM_RETRIES_DEFAULT + 1);
            Map<Long, Long> histogram = new TreeMap<>(attempts.stream().collect(Collectors.groupingBy(count -> count, Collectors.counting())));
            OUT.println(run.latency().summary() + "   p99 %9.1f".formatted(run.latency().percentile(0.99)));
            OUT.printf("one shared table: %.1f commits/s (%s clients x %s commits in %.1f s): %s succeeded, %s failed (lost all %s attempts), %s other errors%n",
                    succeeded / run.seconds(), CLIENTS, commitsPerClient, run.seconds(), succeeded, run.exhausted(), TableProperties.COMMIT_NUM_RETRIES_DEFAULT + 1, run.errors());
            OUT.printf("one shared table: %.2f attempts per successful commit (%.2f retries); %s conflicts (HTTP 409) in all, %.2f per successful commit; successful commits by attempts: %s%n",
                    (double) totalAttempts / succeeded, (double) (totalAttempts - succeeded) / succeeded, conflicts, (double) conflicts / succeeded, histogram);
        }
        finally {
            for (RESTCatalog client : clients) {
                client.close();
            }
        }
    }

    /** A different question, without contention: {@value #CLIENTS} clients committing at once, each to a table of its own. */
    private static void tablePerClient(TestingCatalogService service, int commitsPerClient)
            throws Exception
    {
        List<RESTCatalog> clients = new ArrayList<>();
        try {
            List<Table> tables = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                RESTCatalog client = client(service, "client-" + i);
                clients.add(client);
                TableIdentifier identifier = TableIdentifier.of("bench", "concurrent_" + i);
                client.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned());
                tables.add(client.loadTable(identifier));
            }
            Concurrent run = commitConcurrently("commit latency, %s clients, a table each".formatted(CLIENTS), tables, commitsPerClient);
            OUT.println(run.latency().summary() + "   p99 %9.1f".formatted(run.latency().percentile(0.99)));
            OUT.printf("a table per client (no contention): %.1f commits/s (%s clients x %s commits in %.1f s, %s failed, %s other errors)%n",
                    run.latency().count() / run.seconds(), CLIENTS, commitsPerClient, run.seconds(), run.exhausted(), run.errors());
        }
        finally {
            for (RESTCatalog client : clients) {
                client.close();
            }
        }
    }

    private record Concurrent(Timings latency, double seconds, long exhausted, long errors) {}

    /** One thread per table object, all starting together, each appending {@code commitsPerClient} files; the latency of each successful commit. */
    private static Concurrent commitConcurrently(String name, List<Table> tables, int commitsPerClient)
            throws Exception
    {
        Timings latency = new Timings(name);
        AtomicLong exhausted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ExecutorService executor = Executors.newFixedThreadPool(tables.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (Table table : tables) {
                results.add(executor.submit(() -> {
                    List<Long> nanos = new ArrayList<>();
                    start.await();
                    for (int i = 0; i < commitsPerClient; i++) {
                        long begin = System.nanoTime();
                        try {
                            table.newAppend().appendFile(dataFile(table, i)).commit();
                            nanos.add(System.nanoTime() - begin);
                        }
                        catch (CommitFailedException e) {
                            // every attempt lost its race
                            exhausted.incrementAndGet();
                        }
                        catch (RuntimeException e) {
                            errors.incrementAndGet();
                            OUT.println("commit failed: " + e);
                        }
                    }
                    return nanos;
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            for (Future<List<Long>> result : results) {
                result.get().forEach(latency::add);
            }
            return new Concurrent(latency, (System.nanoTime() - began) / 1e9, exhausted.get(), errors.get());
        }
        finally {
            executor.shutdownNow();
        }
    }

    private static void deleteRecursively(Path directory)
            throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static RESTCatalog client(TestingCatalogService service, String name)
    {
        RESTCatalog catalog = new RESTCatalog();
        catalog.initialize(name, Map.of(
                CatalogProperties.URI, service.baseUri().resolve("/iceberg").toString(),
                // As Trino's principal, which the REST catalog lets do what the mesh access control then governs.
                OAuth2Properties.TOKEN, service.tokenFor("trino"),
                CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName(),
                LocalFileIO.ROOT_PROPERTY, service.getInstance(LakeConfig.class).getLocalRoot()));
        return catalog;
    }

    private static DataFile dataFile(Table table, int index)
    {
        return DataFiles.builder(table.spec())
                .withPath("%s/data/%s-%05d.parquet".formatted(table.location(), Thread.currentThread().getName(), index))
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(1024 * 1024)
                .withRecordCount(1000)
                .build();
    }
}
