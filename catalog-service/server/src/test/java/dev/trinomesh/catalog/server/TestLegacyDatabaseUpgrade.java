package dev.trinomesh.catalog.server;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.ProductQuery;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.api.lineage.LineageNode;
import dev.trinomesh.api.model.DatasetRelease;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.api.model.ProductSummary;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.testing.TestingPostgreSqlServer;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.trinomesh.catalog.server.UpgradeFixtures.copyTree;
import static dev.trinomesh.catalog.server.UpgradeFixtures.lakeClient;
import static dev.trinomesh.catalog.server.UpgradeFixtures.newestVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database made by the catalog service before it was split into areas (one Flyway history at V6;
 * src/test/resources/legacy-v6) is upgraded in place: everything it held is served, and written to, by
 * today's service, on H2 and on PostgreSQL.
 */
class TestLegacyDatabaseUpgrade
{
    private static final Path FIXTURE = Path.of("src/test/resources/legacy-v6");
    private static final TableIdentifier REGIONS = TableIdentifier.of("customer_profiles", "regions");

    private Path directory;
    private HttpClient httpClient;

    @BeforeEach
    void setUp()
            throws IOException
    {
        directory = Files.createTempDirectory("legacy-upgrade");
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
    void anH2DatabaseIsUpgradedInPlace()
            throws IOException
    {
        copy(FIXTURE.resolve("h2/catalog.mv.db"), directory.resolve("catalog.mv.db"));
        Map<String, String> database = Map.of("database.url", "jdbc:h2:file:" + directory.resolve("catalog").toAbsolutePath());
        checkUpgrade(database, "h2");
    }

    @Test
    void aPostgreSqlDatabaseIsUpgradedInPlace()
            throws IOException
    {
        try (TestingPostgreSqlServer postgres = new TestingPostgreSqlServer()) {
            postgres.runScript(FIXTURE.resolve("postgresql/dump.sql"));
            checkUpgrade(Map.of("database.url", postgres.jdbcUrl(), "database.user", postgres.user()), "postgresql");
        }
    }

    @Test
    void aDatabaseThatStoppedBeforeTheLastLegacyVersionIsRefused()
            throws IOException
    {
        copy(FIXTURE.resolve("h2/catalog.mv.db"), directory.resolve("catalog.mv.db"));
        String url = "jdbc:h2:file:" + directory.resolve("catalog").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        Jdbi.create(url).useHandle(handle -> handle.execute("DELETE FROM flyway_schema_history WHERE version IN ('5', '6')"));
        assertThatThrownBy(() -> new TestingCatalogService(Map.of("database.url", "jdbc:h2:file:" + directory.resolve("catalog").toAbsolutePath())))
                .hasStackTraceContaining("the database was made by an early catalog service and stopped at schema version 4 of flyway_schema_history");
    }

    private void checkUpgrade(Map<String, String> database, String fixture)
            throws IOException
    {
        Path lake = directory.resolve("lake");
        copyTree(FIXTURE.resolve(fixture).resolve("lake"), lake);
        Map<String, String> properties = new HashMap<>(database);
        properties.put("lake.local.root", lake.toString());

        try (TestingCatalogService service = new TestingCatalogService(properties)) {
            CatalogServiceClient admin = service.client(httpClient, "admin");
            assertServed(admin);

            // Each area's history starts where the single history left it, and goes on with its newer migrations.
            Jdbi jdbi = service.getInstance(Jdbi.class);
            assertThat(newestVersion(jdbi, "registry_schema_history")).as("registry: V4 (access requests) and V5 (pipelines) after the adopted V1 to V3").isEqualTo(5);
            for (String area : List.of("lake", "releases", "core")) {
                assertThat(newestVersion(jdbi, area + "_schema_history")).as(area).isEqualTo(1);
            }
            assertThat(newestVersion(jdbi, "quality_schema_history")).as("quality: V2 (replicas) after the adopted V1").isEqualTo(2);
            assertThat(newestVersion(jdbi, "lineage_schema_history")).as("lineage: V2 (doors) after the adopted V1").isEqualTo(2);

            // And the upgraded database takes writes: a lake commit, a release, a status change.
            try (RESTCatalog client = lakeClient(service, lake)) {
                Table regions = client.loadTable(REGIONS);
                regions.newAppend().appendFile(DataFiles.builder(regions.spec())
                        .withPath(regions.location() + "/data/after-upgrade.parquet")
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(100)
                        .withRecordCount(2)
                        .build()).commit();
            }
            DatasetRelease next = admin.createRelease("customer_profiles", "regions", "after-upgrade", Optional.empty());
            assertThat(admin.releases("customer_profiles", Optional.of("regions"))).extracting(DatasetRelease::name).containsExactly("2026-q4", "after-upgrade");
            assertThat(next.snapshotId()).isNotEqualTo(admin.release("customer_profiles", "regions", "2026-q4").orElseThrow().snapshotId());
            admin.changeStatus("returns_analysis", ProductStatus.DEPRECATED, Optional.empty());
        }

        // A second start finds every area at its newest version and changes nothing.
        try (TestingCatalogService service = new TestingCatalogService(properties)) {
            CatalogServiceClient admin = service.client(httpClient, "admin");
            assertThat(admin.getProduct("returns_analysis").orElseThrow().value().revision()).isEqualTo(3);
            assertThat(admin.releases("customer_profiles", Optional.empty())).hasSize(2);
        }
    }

    private static void assertServed(CatalogServiceClient admin)
    {
        assertThat(admin.listProducts(ProductQuery.all()).items()).extracting(ProductSummary::name)
                .containsExactly("customer_profiles", "returns_analysis", "sales_orders", "sales_revenue", "supply_parts");
        assertThat(admin.getProduct("returns_analysis").orElseThrow().value().revision()).isEqualTo(2);
        assertThat(admin.history("returns_analysis")).hasSize(2);
        assertThat(admin.listPolicies()).extracting(PolicyRecord::name).containsExactlyInAnyOrder("personal_data", "customer_segments");
        assertThat(admin.userAttributes("alice")).isEqualTo(Map.of("segment", "BUILDING"));
        assertThat(admin.listDomains()).hasSize(3);

        DatasetRelease release = admin.release("customer_profiles", "regions", "2026-q4").orElseThrow();
        assertThat(release.description()).isEqualTo("made before the area split");
        assertThat(admin.snapshotIfChanged(Optional.empty()).orElseThrow().variants())
                .anySatisfy(variant -> assertThat(variant.table()).isEqualTo("regions@2026-q4"));

        LineageGraph upstream = admin.lineage("upstream", Optional.empty(), "lake.sales_revenue.region_names", Optional.of("region"), 5);
        assertThat(upstream.nodes()).extracting(LineageNode::dataset, LineageNode::column)
                .contains(org.assertj.core.groups.Tuple.tuple("lake.customer_profiles.regions", "name"));
        assertThat(admin.lakeCommits(Optional.of("customer_profiles"), Optional.of("regions"), Optional.of("accepted"), 10)).isNotEmpty();
    }

    private static void copy(Path from, Path to)
            throws IOException
    {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
