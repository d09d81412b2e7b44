package dev.trinomesh.catalog.server.metrics;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.model.ProductStatus;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.trinomesh.catalog.lineage.MeshEvents.input;
import static dev.trinomesh.catalog.lineage.MeshEvents.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * GET /metrics on a running service: Airlift's OpenMetrics text of every exported MBean, the areas' stats among them.
 * A commit, a commit the contract gate refuses, a batch of lineage and a governance snapshot move their counters;
 * only governance admins, the Trinos and metrics.readers read them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestMetrics
{
    private static final String TRINO = "trino";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");
    private static final Schema ORDERS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "amount", Types.DoubleType.get()));

    private Path groupFile;
    private TestingCatalogService service;
    private JettyHttpClient httpClient;
    private HttpClient rawClient;
    private RESTCatalog lake;

    @BeforeAll
    void start()
            throws IOException
    {
        groupFile = Files.createTempFile("groups", ".txt");
        Files.writeString(groupFile, "sales-team:sam\n");
        service = new TestingCatalogService(Map.of(
                "governance.admins", "user:admin",
                "governance.group-file", groupFile.toString(),
                "metrics.readers", "user:prometheus"));
        httpClient = new JettyHttpClient(new HttpClientConfig());
        rawClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        lake = service.lakeClient("metrics", TRINO, Map.of());
    }

    @AfterAll
    void stop()
            throws IOException
    {
        if (lake != null) {
            lake.close();
        }
        httpClient.close();
        service.close();
        Files.deleteIfExists(groupFile);
    }

    @Test
    void countersMoveWithCommitsRefusalsLineageAndSnapshots()
            throws Exception
    {
        Map<String, Double> before = metrics("prometheus");
        assertThat(before).containsKeys(
                "dev_trinomesh_catalog_lake_name_LakeStats_CommitsAccepted",
                "dev_trinomesh_catalog_lake_name_LakeStats_CommitsRefused",
                "dev_trinomesh_catalog_lineage_name_LineageStats_Batches",
                "dev_trinomesh_catalog_lineage_name_LineageStats_EventsAccepted",
                "dev_trinomesh_catalog_quality_name_QualityStats_RunsStarted",
                "dev_trinomesh_catalog_quality_name_QualityStats_OpenCircuitBreakers",
                "dev_trinomesh_catalog_registry_http_name_GovernanceSnapshotStats_Products");
        assertThat(before.keySet()).as("the HTTP server's connection stats").anyMatch(name -> name.startsWith("io_airlift_http_server_name_HttpServer_HttpConnectionStats"));
        assertThat(before.get("dev_trinomesh_catalog_lineage_name_LineageStats_IngestionLagSeconds")).isNaN();

        // Two accepted commits (create, append), then one refused: the published contract's column dropped.
        lake.createNamespace(Namespace.of("shop"));
        Table orders = lake.createTable(TableIdentifier.of("shop", "orders"), ORDERS);
        append(orders);
        as("sam").applyProduct("shop", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: shop, domain: sales, owner: group:sales-team, version: 1.0.0}
                spec:
                  datasets:
                    - name: orders
                      source: {table: lake.shop.orders}
                      columns:
                        - {name: id, type: bigint}
                        - {name: amount, type: double}
                """, Optional.empty(), false);
        as("sam").changeStatus("shop", ProductStatus.PUBLISHED, Optional.empty());
        orders.refresh();
        assertThatThrownBy(() -> orders.updateSchema().deleteColumn("amount").commit()).hasMessageContaining("Refused by the data contract");

        // Three events in two batches, one of them a replay; the newest ran a minute ago.
        Instant newest = Instant.now().minusSeconds(60);
        var first = query(TRINO, "q1", "alice", newest.minusSeconds(60), "SELECT * FROM lake.shop.orders", List.of(input(TRINO, "lake.shop.orders", List.of(), List.of("id"))), null);
        var second = query(TRINO, "q2", "bob", newest, "SELECT * FROM lake.shop.orders", List.of(input(TRINO, "lake.shop.orders", List.of(), List.of("id"))), null);
        as(TRINO).sendLineage(List.of(first));
        as(TRINO).sendLineage(List.of(first, second));

        // The access control's poll: one snapshot sent whole, holding the one product.
        HttpResponse<String> snapshot = get("/v1/governance/snapshot", TRINO);
        assertThat(snapshot.statusCode()).isEqualTo(200);

        Map<String, Double> after = metrics("prometheus");
        assertThat(moved(before, after, "dev_trinomesh_catalog_lake_name_LakeStats_CommitsAccepted")).isEqualTo(2);
        assertThat(moved(before, after, "dev_trinomesh_catalog_lake_name_LakeStats_CommitsRefused")).isEqualTo(1);
        assertThat(moved(before, after, "dev_trinomesh_catalog_lineage_name_LineageStats_Batches")).isEqualTo(2);
        assertThat(moved(before, after, "dev_trinomesh_catalog_lineage_name_LineageStats_Events")).isEqualTo(3);
        assertThat(moved(before, after, "dev_trinomesh_catalog_lineage_name_LineageStats_EventsAccepted")).isEqualTo(2);
        assertThat(after.get("dev_trinomesh_catalog_lineage_name_LineageStats_IngestionLagSeconds")).isCloseTo(60, within(30.0));
        assertThat(moved(before, after, "dev_trinomesh_catalog_registry_http_name_GovernanceSnapshotStats_Served")).isEqualTo(1);
        assertThat(after.get("dev_trinomesh_catalog_registry_http_name_GovernanceSnapshotStats_Products")).isEqualTo(1);
        assertThat(after.get("dev_trinomesh_catalog_quality_name_QualityStats_OpenCircuitBreakers")).isEqualTo(0);
        assertThat(moved(before, after, "dev_trinomesh_catalog_quality_name_QualityStats_RunsStarted")).isEqualTo(0);
        // Each request in between (the lake's, the registry's, lineage's, the snapshot's) was timed; the refused commit answered 4xx.
        assertThat(moved(before, after, "dev_trinomesh_catalog_core_http_name_RequestStats_Successful")).isGreaterThanOrEqualTo(8);
        assertThat(moved(before, after, "dev_trinomesh_catalog_core_http_name_RequestStats_ClientErrors")).isGreaterThanOrEqualTo(1);
        assertThat(moved(before, after, "dev_trinomesh_catalog_core_http_name_RequestStats_Latency_AllTime_count")).isGreaterThanOrEqualTo(9);
    }

    @Test
    void onlyAdminsTheTrinosAndMetricsReadersReadTheMetrics()
            throws Exception
    {
        assertThat(get("/metrics", "admin").statusCode()).isEqualTo(200);
        assertThat(get("/metrics", TRINO).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", "prometheus").statusCode()).isEqualTo(200);
        assertThat(get("/metrics", "prometheus").headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(get("/metrics", "eve").statusCode()).isEqualTo(403);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    }

    @Test
    void publicMetricsNeedNoToken()
    {
        try (TestingCatalogService open = new TestingCatalogService(Map.of("metrics.public", "true"))) {
            HttpResponse<String> response = send(open.baseUri(), "/metrics", null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(parse(response.body())).containsKey("dev_trinomesh_catalog_lake_name_LakeStats_CommitsAccepted");
        }
    }

    private static double moved(Map<String, Double> before, Map<String, Double> after, String name)
    {
        assertThat(after).containsKey(name);
        return after.get(name) - before.get(name);
    }

    private Map<String, Double> metrics(String user)
            throws IOException, InterruptedException
    {
        HttpResponse<String> response = get("/metrics", user);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).endsWith("# EOF\n");
        return parse(response.body());
    }

    /** The OpenMetrics text's samples by metric name (labels dropped; a name with several series keeps its last). */
    private static Map<String, Double> parse(String text)
    {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line);
            assertThat(matcher.matches()).as("OpenMetrics sample line: %s", line).isTrue();
            samples.put(matcher.group(1), Double.parseDouble(matcher.group(3)));
        }
        return samples;
    }

    private HttpResponse<String> get(String path, String user)
            throws IOException, InterruptedException
    {
        return send(service.baseUri(), path, user == null ? null : service.authorization(user));
    }

    private HttpResponse<String> send(URI base, String path, String authorization)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return rawClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private CatalogServiceClient as(String user)
    {
        return service.client(httpClient, user);
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
