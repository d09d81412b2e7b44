package dev.trinomesh.catalog.server;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.ProductQuery;
import dev.trinomesh.api.model.DomainInfo;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.api.model.PipelineRecord;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.api.model.ProductSummary;
import dev.trinomesh.api.quality.QualityRun;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.trinomesh.catalog.server.UpgradeFixtures.copyTree;
import static dev.trinomesh.catalog.server.UpgradeFixtures.lakeClient;
import static dev.trinomesh.catalog.server.UpgradeFixtures.newestVersion;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database and lake made by the previous release (commit f23c894; src/test/resources/previous-release, H2) are
 * upgraded in place by today's service: the migrations added since then apply, everything the old service held is
 * served, a personal token it issued still authenticates, and the background work (the commit log's followers, the
 * quality worker, the replicas' heartbeats) runs on the upgraded database.
 */
@Timeout(value = 3, unit = MINUTES)
class TestUpgradeFromPreviousRelease
{
    private static final Path FIXTURE = Path.of("src/test/resources/previous-release");
    private static final TableIdentifier REGIONS = TableIdentifier.of("customer_profiles", "regions");
    // alice's personal token, issued by the previous release (a fixture's, valid only there: see the README).
    private static final String ALICE_TOKEN = "mesh_Im0E4d1vvdGiyfniADMCTJalxKe8HTL73DSaIGpZf0o";
    private static final long PREVIOUS_SNAPSHOT = 6662350246690744681L;

    private Path directory;
    private HttpClient httpClient;

    @BeforeEach
    void setUp()
            throws IOException
    {
        directory = Files.createTempDirectory("previous-release-upgrade");
        httpClient = new JettyHttpClient(new HttpClientConfig());
    }

    @AfterEach
    void tearDown()
            throws IOException
    {
        httpClient.close();
        deleteRecursively(directory, ALLOW_INSECURE);
    }

    @Test
    void anH2DatabaseOfThePreviousReleaseIsUpgradedInPlace()
            throws IOException
    {
        Files.copy(FIXTURE.resolve("h2/catalog.mv.db"), directory.resolve("catalog.mv.db"), StandardCopyOption.REPLACE_EXISTING);
        Path lake = directory.resolve("lake");
        copyTree(FIXTURE.resolve("h2/lake"), lake);
        Map<String, String> properties = Map.of(
                "database.url", "jdbc:h2:file:" + directory.resolve("catalog").toAbsolutePath(),
                "lake.local.root", lake.toString(),
                "governance.admins", "user:admin",
                // A Trino that is not there: quality runs are accepted, and the worker fails them.
                "trino.uri", "http://127.0.0.1:1");

        try (TestingCatalogService service = new TestingCatalogService(properties)) {
            Jdbi jdbi = service.getInstance(Jdbi.class);
            // The areas that gained migrations since the previous release are at their newest; the others stay.
            assertThat(newestVersion(jdbi, "core_schema_history")).as("core: V1 (service_replicas, service_leases), new").isEqualTo(1);
            assertThat(newestVersion(jdbi, "quality_schema_history")).as("quality: V2 (replicas)").isEqualTo(2);
            assertThat(newestVersion(jdbi, "pipelines_schema_history")).as("pipelines: V2 (replicas)").isEqualTo(2);
            assertThat(newestVersion(jdbi, "registry_schema_history")).isEqualTo(5);
            assertThat(newestVersion(jdbi, "lineage_schema_history")).isEqualTo(2);
            assertThat(newestVersion(jdbi, "identity_schema_history")).as("identity: V2 (failed_attempts)").isEqualTo(2);
            for (String area : List.of("lake", "releases")) {
                assertThat(newestVersion(jdbi, area + "_schema_history")).as(area).isEqualTo(1);
            }

            // What the old service held is served.
            CatalogServiceClient admin = service.client(httpClient, "admin");
            assertThat(admin.listProducts(ProductQuery.all()).items()).extracting(ProductSummary::name)
                    .containsExactlyInAnyOrder("customer_profiles", "executive_summary", "returns_analysis", "sales_orders", "sales_revenue", "supply_parts");
            assertThat(admin.getProduct("returns_analysis").orElseThrow().value().revision()).isEqualTo(2);
            assertThat(admin.getProduct("sales_orders").orElseThrow().value().descriptor().spec().datasets())
                    .anySatisfy(dataset -> assertThat(dataset.quality()).isNotEmpty());
            assertThat(admin.listPolicies()).extracting(PolicyRecord::name).containsExactlyInAnyOrder("personal_data", "customer_segments");
            assertThat(admin.listDomains()).extracting(DomainInfo::name).contains("sales", "customers", "supply");
            assertThat(admin.listPipelines(Optional.empty(), false)).extracting(PipelineRecord::name)
                    .contains("sales_orders_load", "customer_profiles_load", "sales_revenue_daily");
            QualityRun oldRun = admin.qualityRun(1);
            assertThat(oldRun.product()).isEqualTo("sales_orders");
            assertThat(oldRun.state()).isEqualTo("failed");

            // A personal token the old service issued still lets alice in.
            CatalogServiceClient alice = new CatalogServiceClient(httpClient, service.baseUri(), Optional.of(ALICE_TOKEN));
            assertThat(alice.whoami().user()).isEqualTo("alice");

            // The lake table loads at its snapshot, and takes a commit, which is recorded and followed.
            List<LakeCommit> before = admin.lakeCommits(Optional.of("customer_profiles"), Optional.of("regions"), Optional.of("accepted"), 100);
            try (RESTCatalog client = lakeClient(service, lake)) {
                Table regions = client.loadTable(REGIONS);
                assertThat(regions.currentSnapshot().snapshotId()).isEqualTo(PREVIOUS_SNAPSHOT);
                regions.newAppend().appendFile(DataFiles.builder(regions.spec())
                        .withPath(regions.location() + "/data/after-upgrade.parquet")
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(100)
                        .withRecordCount(2)
                        .build()).commit();
                assertThat(client.loadTable(REGIONS).snapshots()).hasSize(2);
            }
            assertThat(admin.lakeCommits(Optional.of("customer_profiles"), Optional.of("regions"), Optional.of("accepted"), 100)).hasSize(before.size() + 1);
            long newest = jdbi.withHandle(handle -> handle.createQuery("SELECT max(id) FROM lake_commits").mapTo(Long.class).one());
            for (String follower : List.of("quality-triggers", "pipeline-scheduler")) {
                await(follower + " follows the commit log past the new commit", () -> jdbi.withHandle(handle ->
                        handle.createQuery("SELECT position FROM service_leases WHERE name = :name").bind("name", follower).mapTo(Long.class).findOne()
                                .filter(position -> position >= newest)
                                .isPresent()));
            }

            // The quality worker takes a new run (and fails it: no Trino answers), and this replica's heartbeat is there.
            QualityRun run = admin.requestQualityRun("sales_orders", Optional.empty());
            await("the new quality run is taken and finished", () -> admin.qualityRun(run.id()).state().equals("failed"));
            assertThat(admin.qualityRun(run.id()).error()).contains("did not answer");
            await("this replica's heartbeat", () -> jdbi.withHandle(handle ->
                    handle.createQuery("SELECT count(*) FROM service_replicas WHERE heartbeat_at > started_at").mapTo(Integer.class).one()) == 1);
        }

        // A second start finds every area at its newest version, and alice's token still works.
        try (TestingCatalogService service = new TestingCatalogService(properties)) {
            CatalogServiceClient alice = new CatalogServiceClient(httpClient, service.baseUri(), Optional.of(ALICE_TOKEN));
            assertThat(alice.whoami().user()).isEqualTo("alice");
            assertThat(newestVersion(service.getInstance(Jdbi.class), "core_schema_history")).isEqualTo(1);
        }
    }

    private static void await(String what, BooleanSupplier condition)
    {
        long deadline = System.nanoTime() + MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
