package dev.trinomesh.catalog.server.lake;

import com.google.common.collect.ImmutableMap;
import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.testing.TestingS3Server;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.HttpClientProperties;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lake's S3 endpoint (s3proxy, a process of its own) goes away in the middle of commits: after the engine wrote
 * its data and manifest files, while the service writes the commit's metadata file. The commit is refused with a 409
 * (Iceberg's clients retry it, and do not take it for a commit of unknown outcome), the table stays at its previous
 * metadata, the commit log has no accepted row for it, and once S3 is back the next commit goes through.
 */
@Timeout(value = 5, unit = MINUTES)
class TestLakeStorageFailure
{
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    private static final TableIdentifier TABLE = TableIdentifier.of("sales", "orders");

    private TestingS3Server s3;
    private TestingCatalogService service;
    private JettyHttpClient httpClient;
    private CatalogServiceClient admin;
    private RESTCatalog trino;

    @BeforeEach
    void start()
    {
        s3 = new TestingS3Server("lake");
        service = new TestingCatalogService(ImmutableMap.<String, String>builder()
                .put("lake.warehouse", "s3://lake/warehouse")
                .put("lake.s3.endpoint", s3.endpoint().toString())
                .put("lake.s3.region", TestingS3Server.REGION)
                .put("lake.s3.access-key", TestingS3Server.ACCESS_KEY)
                .put("lake.s3.secret-key", TestingS3Server.SECRET_KEY)
                .buildOrThrow());
        httpClient = new JettyHttpClient(new HttpClientConfig());
        admin = service.client(httpClient, "admin");
        trino = engine("trino");
        trino.createNamespace(Namespace.of("sales"));
        trino.createTable(TABLE, SCHEMA).newAppend().appendFile(dataFile(trino.loadTable(TABLE), "first")).commit();
    }

    @AfterEach
    void stop()
            throws IOException
    {
        for (AutoCloseable closeable : new AutoCloseable[] {trino, httpClient, service, s3}) {
            if (closeable != null) {
                try {
                    closeable.close();
                }
                catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }

    @Test
    void aCommitWhoseMetadataFileCannotBeWrittenIsRefusedAndChangesNothing()
            throws IOException
    {
        Table table = trino.loadTable(TABLE);
        Snapshot before = table.currentSnapshot();
        String metadataBefore = metadataLocation(table);
        List<LakeCommit> acceptedBefore = accepted();

        // The engine's part is done with S3 up: its data file, manifest and manifest list are written.
        Transaction transaction = table.newTransaction();
        transaction.newAppend().appendFile(dataFile(table, "lost")).commit();
        s3.stop();
        long started = System.nanoTime();
        assertThatThrownBy(transaction::commitTransaction)
                .isInstanceOf(CommitFailedException.class)
                .isNotInstanceOf(CommitStateUnknownException.class)
                .hasMessageContaining("the lake's storage failed writing its metadata file")
                .hasMessageContaining("nothing was committed");
        long refusedAfterMillis = (System.nanoTime() - started) / 1_000_000;

        // Nothing half-visible, while S3 is away and after it is back: the table is where it was.
        assertThat(metadataLocation(trino.loadTable(TABLE))).isEqualTo(metadataBefore);
        assertThat(accepted()).isEqualTo(acceptedBefore);
        s3.start();
        try (RESTCatalog fresh = engine("after-restart")) {
            Table reloaded = fresh.loadTable(TABLE);
            assertThat(metadataLocation(reloaded)).isEqualTo(metadataBefore);
            assertThat(reloaded.currentSnapshot().snapshotId()).isEqualTo(before.snapshotId());
            assertThat(reloaded.snapshots()).hasSize(1);

            // And the next commit goes through, and is recorded.
            reloaded.newAppend().appendFile(dataFile(reloaded, "after")).commit();
            assertThat(fresh.loadTable(TABLE).snapshots()).hasSize(2);
            assertThat(accepted()).hasSize(acceptedBefore.size() + 1);
        }
        assertThat(refusedAfterMillis).as("the refusal, with the client's and the storage client's retries, comes within two minutes").isLessThan(120_000);
    }

    @Test
    void aTableThatCannotBeCreatedIsNotThere()
    {
        s3.stop();
        assertThatThrownBy(() -> trino.createTable(TableIdentifier.of("sales", "returns"), SCHEMA))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("the lake's storage failed writing its metadata file");
        s3.start();
        assertThat(trino.tableExists(TableIdentifier.of("sales", "returns"))).isFalse();
        assertThat(trino.createTable(TableIdentifier.of("sales", "returns"), SCHEMA).location()).startsWith("s3://lake/warehouse/");
    }

    @Test
    void commitsMadeWhileStorageGoesAwayEitherCommitOrAreRefused()
            throws Exception
    {
        int acceptedBefore = accepted().size();
        AtomicBoolean done = new AtomicBoolean();
        List<String> committed = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        try (ExecutorService executor = Executors.newSingleThreadExecutor()) {
            Future<?> writer = executor.submit(() -> {
                while (!done.get()) {
                    Table table = trino.loadTable(TABLE);
                    String name = UUID.randomUUID().toString();
                    try {
                        table.newAppend().appendFile(dataFile(table, name)).commit();
                        committed.add(name);
                    }
                    catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            Thread.sleep(1_000);
            s3.stop();
            Thread.sleep(3_000);
            s3.start();
            Thread.sleep(1_000);
            done.set(true);
            writer.get();
        }
        // No commit of unknown outcome: each one either went through or was refused.
        assertThat(failures).noneMatch(CommitStateUnknownException.class::isInstance);
        Table table = trino.loadTable(TABLE);
        assertThat(table.snapshots()).hasSize(1 + committed.size());
        assertThat(accepted()).hasSize(acceptedBefore + committed.size());
        table.newAppend().appendFile(dataFile(table, "after")).commit();
        assertThat(trino.loadTable(TABLE).snapshots()).hasSize(2 + committed.size());
    }

    private List<LakeCommit> accepted()
    {
        return admin.lakeCommits(Optional.of("sales"), Optional.of("orders"), Optional.of("accepted"), 1000);
    }

    private static String metadataLocation(Table table)
    {
        return ((HasTableOperations) table).operations().current().metadataFileLocation();
    }

    /** A data file written to S3 (with S3 up) by the engine, and its entry. */
    private static DataFile dataFile(Table table, String name)
    {
        String path = table.location() + "/data/" + name + ".parquet";
        byte[] bytes = ("rows of " + name).getBytes(UTF_8);
        FileIO io = table.io();
        try (PositionOutputStream out = io.newOutputFile(path).createOrOverwrite()) {
            out.write(bytes);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return DataFiles.builder(table.spec())
                .withPath(path)
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(bytes.length)
                .withRecordCount(1)
                .build();
    }

    /** An engine with S3 keys of its own, as Trino has. */
    private RESTCatalog engine(String name)
    {
        return service.lakeClient(name, TestingLake.TRINO_PRINCIPAL, Map.of(
                CatalogProperties.FILE_IO_IMPL, S3FileIO.class.getName(),
                S3FileIOProperties.ENDPOINT, s3.endpoint().toString(),
                S3FileIOProperties.PATH_STYLE_ACCESS, "true",
                S3FileIOProperties.ACCESS_KEY_ID, TestingS3Server.ACCESS_KEY,
                S3FileIOProperties.SECRET_ACCESS_KEY, TestingS3Server.SECRET_KEY,
                AwsClientProperties.CLIENT_REGION, TestingS3Server.REGION,
                HttpClientProperties.CLIENT_TYPE, HttpClientProperties.CLIENT_TYPE_URLCONNECTION));
    }
}
