package dev.trinomesh.catalog.server.pipelines;

import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.api.model.PipelineRun.Status;
import dev.trinomesh.catalog.lake.api.LakeStaging;
import dev.trinomesh.catalog.lake.api.StagedTable;
import dev.trinomesh.catalog.pipelines.run.RunStore;
import dev.trinomesh.catalog.pipelines.run.RunStore.NewRun;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalog service that stops while pipeline runs are under way leaves them in its database as they were; the next
 * one to start on that database fails a run cut short (dropping its staged writes, the product's table untouched) and
 * recognises a run whose publish transaction had happened as published: never half of one.
 */
class TestPipelineRecovery
{
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

    @Test
    void aRunCutShortFailsCleanlyAndAPublishThatHappenedCounts()
            throws Exception
    {
        Path state = Files.createTempDirectory("pipeline-recovery");
        Map<String, String> properties = Map.of(
                "database.url", "jdbc:h2:file:" + state.resolve("catalog").toAbsolutePath(),
                "lake.local.root", state.resolve("lake").toAbsolutePath().toString(),
                // Pipelines run only where a Trino is configured; none answers here, and none needs to.
                "trino.uri", "http://127.0.0.1:1");
        TableIdentifier orders = TableIdentifier.of(Namespace.of("shop"), "orders");
        TableIdentifier totals = TableIdentifier.of(Namespace.of("shop"), "totals");
        Instant now = Instant.now();
        PipelineRun running;
        PipelineRun publishing;
        StagedTable stagedOrders;
        long ordersSnapshot;
        long publishedSnapshot;
        try (TestingCatalogService service = new TestingCatalogService(properties);
                RESTCatalog lake = service.lakeClient("lake", "trino", Map.of())) {
            lake.createNamespace(Namespace.of("shop"));
            append(lake.createTable(orders, SCHEMA));
            append(lake.createTable(totals, SCHEMA));
            ordersSnapshot = lake.loadTable(orders).currentSnapshot().snapshotId();
            RunStore store = service.getInstance(RunStore.class);
            LakeStaging staging = service.getInstance(LakeStaging.class);

            // A run whose step had written to its staged table when the service stopped.
            running = store.queue(new NewRun("shop_load", "shop", 1, "manual", Instant.EPOCH, now, 1, "sam"), false, now);
            assertThat(store.move(running.id(), Status.QUEUED, Status.RUNNING, now)).isTrue();
            stagedOrders = staging.stage(orders, running.id());
            store.staged(running.id(), stagedOrders);
            append(lake.loadTable(stagedOrders.shadow()));

            // A run whose publish transaction had committed when the service stopped, before the run was marked so.
            publishing = store.queue(new NewRun("shop_totals", "shop", 1, "manual", Instant.EPOCH, now, 1, "sam"), false, now);
            store.move(publishing.id(), Status.QUEUED, Status.RUNNING, now);
            store.move(publishing.id(), Status.RUNNING, Status.AUDITING, now);
            store.move(publishing.id(), Status.AUDITING, Status.PUBLISHING, now);
            StagedTable stagedTotals = staging.stage(totals, publishing.id());
            store.staged(publishing.id(), stagedTotals);
            append(lake.loadTable(stagedTotals.shadow()));
            publishedSnapshot = lake.loadTable(stagedTotals.shadow()).currentSnapshot().snapshotId();
            assertThat(staging.publish(List.of(stagedTotals))).containsExactly(totals);
        }

        try (TestingCatalogService service = new TestingCatalogService(properties);
                RESTCatalog lake = service.lakeClient("lake", "trino", Map.of())) {
            RunStore store = service.getInstance(RunStore.class);
            // The scheduler's first tick finds the runs the stopped replica left (it said it stopped: no timeout to wait).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.details(publishing.id()).orElseThrow().status() != Status.PUBLISHED && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            PipelineRun failed = store.details(running.id()).orElseThrow();
            assertThat(failed.status()).isEqualTo(Status.FAILED);
            assertThat(failed.error()).isEqualTo("nothing was published: the catalog service stopped while the run was running");
            assertThat(failed.finishedAt()).isNotNull();
            assertThat(failed.tables()).singleElement().satisfies(table -> assertThat(table.published()).isFalse());
            assertThat(lake.tableExists(stagedOrders.shadow())).as("the cut run's staged table").isFalse();
            assertThat(lake.loadTable(orders).currentSnapshot().snapshotId()).as("the product's table, untouched").isEqualTo(ordersSnapshot);

            PipelineRun published = store.details(publishing.id()).orElseThrow();
            assertThat(published.status()).isEqualTo(Status.PUBLISHED);
            assertThat(published.tables()).singleElement().satisfies(table -> assertThat(table.published()).isTrue());
            assertThat(lake.loadTable(totals).currentSnapshot().snapshotId()).isEqualTo(publishedSnapshot);
            assertThat(lake.listTables(Namespace.of("shop"))).containsExactlyInAnyOrder(orders, totals);
        }
    }

    private static void append(Table table)
    {
        DataFile file = DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(100)
                .withRecordCount(3)
                .build();
        table.newAppend().appendFile(file).commit();
    }
}
