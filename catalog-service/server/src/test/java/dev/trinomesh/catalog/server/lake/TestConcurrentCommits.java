package dev.trinomesh.catalog.server.lake;

import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Two clients commit to one table at once: one wins, the other gets a clean, retryable conflict, nothing is lost. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestConcurrentCommits
{
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    private TestingCatalogService service;

    @BeforeAll
    void start()
    {
        service = new TestingCatalogService();
    }

    @AfterAll
    void stop()
    {
        service.close();
    }

    @Test
    void oneWinsTheOtherRetries()
            throws Exception
    {
        TableIdentifier identifier = TableIdentifier.of("race", "events");
        try (RESTCatalog setup = TestingLake.client(service, "setup", Map.of())) {
            setup.createNamespace(Namespace.of("race"));
            // No client-side retries: the loser must see the conflict itself.
            setup.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned(), Map.of(TableProperties.COMMIT_NUM_RETRIES, "0"));
        }
        try (RESTCatalog first = TestingLake.client(service, "first", Map.of());
                RESTCatalog second = TestingLake.client(service, "second", Map.of())) {
            // Both load the same base before either commits.
            Table tableOfFirst = first.loadTable(identifier);
            Table tableOfSecond = second.loadTable(identifier);
            CyclicBarrier barrier = new CyclicBarrier(2);
            ExecutorService executor = Executors.newFixedThreadPool(2);
            List<Future<String>> outcomes = new ArrayList<>();
            try {
                for (Map.Entry<String, Table> client : Map.of("first", tableOfFirst, "second", tableOfSecond).entrySet()) {
                    Table table = client.getValue();
                    String path = table.location() + "/data/" + client.getKey() + ".parquet";
                    outcomes.add(executor.submit(() -> {
                        barrier.await();
                        try {
                            table.newAppend().appendFile(dataFile(path)).commit();
                            return "committed";
                        }
                        catch (CommitFailedException e) {
                            return "conflict: " + e.getMessage();
                        }
                    }));
                }
                List<String> results = new ArrayList<>();
                for (Future<String> outcome : outcomes) {
                    results.add(outcome.get());
                }
                assertThat(results).filteredOn("committed"::equals).hasSize(1);
                assertThat(results).filteredOn(result -> result.startsWith("conflict: ")).hasSize(1);

                // The loser refreshes and commits again: both appends end up in the table, in order.
                Table loser = results.get(0).equals("committed") ? tableOfSecond : tableOfFirst;
                loser.refresh();
                loser.newAppend().appendFile(dataFile(loser.location() + "/data/retried.parquet")).commit();
            }
            finally {
                executor.shutdownNow();
            }
        }
        try (RESTCatalog reader = TestingLake.client(service, "reader", Map.of())) {
            Table table = reader.loadTable(identifier);
            Set<String> files = StreamSupport.stream(table.newScan().planFiles().spliterator(), false)
                    .map(task -> task.file().location().substring(task.file().location().lastIndexOf('/') + 1))
                    .collect(Collectors.toSet());
            assertThat(files).hasSize(2).contains("retried.parquet");
            List<Snapshot> snapshots = StreamSupport.stream(table.snapshots().spliterator(), false).toList();
            assertThat(snapshots).hasSize(2);
            assertThat(snapshots.get(1).parentId()).isEqualTo(snapshots.get(0).snapshotId());
        }
    }

    private static DataFile dataFile(String path)
    {
        return DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(path)
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(100)
                .withRecordCount(1)
                .build();
    }
}
