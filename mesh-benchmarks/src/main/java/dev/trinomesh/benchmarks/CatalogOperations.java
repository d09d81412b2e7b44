package dev.trinomesh.benchmarks;

import dev.trinomesh.catalog.lake.LakeConfig;
import dev.trinomesh.catalog.lake.storage.LocalFileIO;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.testing.TestingPostgreSqlServer;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalog;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The lake's REST catalog under a real Iceberg client (RESTCatalog over HTTP): load-table and commit
 * latency, and commit throughput from 4 concurrent clients, with the service on H2 and on PostgreSQL.
 * Each commit is an append of one data file (metadata only): the client writes a manifest and a
 * manifest list, the service validates, writes the new metadata file and swaps the pointer.
 * Usage: CatalogOperations [h2|postgresql|both] [COMMITS].
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
                run("H2", service, commits);
            }
        }
        if (!databases.equals("h2")) {
            try (TestingPostgreSqlServer postgres = new TestingPostgreSqlServer();
                    TestingCatalogService service = new TestingCatalogService(Map.of("database.url", postgres.jdbcUrl(), "database.user", postgres.user()))) {
                run("PostgreSQL", service, commits);
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
        throughput(service, commits);
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

    /** 4 clients committing at once, each to its own table: commits per second, and each commit's latency. */
    private static void throughput(TestingCatalogService service, int commitsPerClient)
            throws Exception
    {
        List<RESTCatalog> clients = new ArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(CLIENTS);
        Timings latency = new Timings("commit latency with %s concurrent clients".formatted(CLIENTS));
        AtomicLong failures = new AtomicLong();
        double seconds;
        try {
            List<Table> tables = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                RESTCatalog client = client(service, "client-" + i);
                clients.add(client);
                TableIdentifier identifier = TableIdentifier.of("bench", "concurrent_" + i);
                client.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned());
                tables.add(client.loadTable(identifier));
            }
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
                        catch (RuntimeException e) {
                            failures.incrementAndGet();
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
            seconds = (System.nanoTime() - began) / 1e9;
        }
        finally {
            executor.shutdownNow();
            for (RESTCatalog client : clients) {
                client.close();
            }
        }
        OUT.println(latency.summary());
        OUT.printf("throughput: %.0f commits/s (%s clients x %s commits in %.1f s, %s failed)%n",
                CLIENTS * commitsPerClient / seconds, CLIENTS, commitsPerClient, seconds, failures.get());
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
