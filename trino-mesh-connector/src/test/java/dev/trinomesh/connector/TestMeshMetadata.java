package dev.trinomesh.connector;

import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityStatus;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.connector.catalog.MeshCatalogCache;
import dev.trinomesh.connector.catalog.MeshCatalogCompiler;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.RelationColumnsMetadata;
import io.trino.spi.connector.RelationType;
import io.trino.spi.connector.SchemaTableName;
import io.trino.testing.TestingConnectorSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static dev.trinomesh.connector.TestingQualityClient.blocked;
import static dev.trinomesh.connector.TestingQualityClient.healthy;
import static io.trino.type.InternalTypeManager.TESTING_TYPE_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The circuit breaker at the metadata level: reading a blocked dataset fails, listing it does not. (On a real Trino: TestMeshCircuitBreaker.) */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestMeshMetadata
{
    private static final SchemaTableName ORDERS = new SchemaTableName("shop", "orders");
    private static final SchemaTableName BIG_ORDERS = new SchemaTableName("shop", "big_orders");
    private static final Instant CHECKED_AT = Instant.parse("2026-01-01T06:00:00Z");
    private static final MeshSessionProperties SESSION_PROPERTIES = new MeshSessionProperties();

    private TestingCatalogService service;
    private HttpClient httpClient;
    private TestingQualityClient client;
    private MeshCatalogCache cache;
    private MeshMetadata metadata;

    @BeforeAll
    void start()
    {
        service = new TestingCatalogService();
        httpClient = new JettyHttpClient(new HttpClientConfig());
        service.client(httpClient, "admin")
                .applyProduct("shop", TestingProducts.orders("shop", "published"), Optional.empty(), false);
        client = new TestingQualityClient(httpClient, service.baseUri(), service.tokenFor(MeshQueryRunner.TRINO_PRINCIPAL));
        client.setQuality(List.of(
                blocked("shop", "orders", "no_negative_totals", CHECKED_AT, "12 orders have totalprice < 0 (expected 0)."),
                healthy("shop", "big_orders", CHECKED_AT)));
        cache = new MeshCatalogCache(client, new MeshCatalogCompiler(new MeshCatalogName("mesh"), TESTING_TYPE_MANAGER), new MeshConfig());
        metadata = new MeshMetadata(cache, new CircuitBreaker(new MeshCatalogName("mesh")));
    }

    @AfterAll
    void stop()
    {
        cache.stop();
        httpClient.close();
        service.close();
    }

    @Test
    void theCompiledCatalogKeepsEachDatasetsHealth()
    {
        assertThat(cache.current().quality("shop", "orders")).map(DatasetQuality::status).contains(QualityStatus.FAILING);
        assertThat(cache.current().dataset(ORDERS).orElseThrow().blocked()).map(DatasetQuality::blockedBy).contains("no_negative_totals");
        assertThat(cache.current().dataset(BIG_ORDERS).orElseThrow().quality()).map(DatasetQuality::status).contains(QualityStatus.HEALTHY);
        assertThat(cache.current().dataset(BIG_ORDERS).orElseThrow().blocked()).isEmpty();
        assertThat(cache.current().quality("shop", "never_checked")).isEmpty();
    }

    @Test
    void aBlockedDatasetsViewFailsWhenReadNamingTheCheckWhenWhatAndHowToReadAnyway()
    {
        ConnectorViewDefinition plain = metadata.getView(session(Map.of(MeshSessionProperties.READ_FAILING, true)), ORDERS).orElseThrow();
        ConnectorViewDefinition blocked = metadata.getView(session(Map.of()), ORDERS).orElseThrow();
        assertThat(blocked.getOriginalSql()).isEqualTo("SELECT * FROM (\n" + plain.getOriginalSql() + "\n) WHERE CAST(fail('" +
                "Dataset mesh.shop.orders is blocked: its blocking quality check ''no_negative_totals'' failed when checked at 2026-01-01T06:00:00Z: " +
                "12 orders have totalprice < 0 (expected 0). To read it anyway: SET SESSION mesh.read_failing = true. " +
                "The checks'' results: SELECT * FROM mesh.metadata.quality_results WHERE product = ''shop'' AND dataset = ''orders''') AS boolean)");
        // Listing and describing it see the dataset's own columns, comment and owner.
        assertThat(blocked.getColumns()).isEqualTo(plain.getColumns());
        assertThat(blocked.getComment()).isEqualTo(plain.getComment());
        assertThat(blocked.getOwner()).isEqualTo(plain.getOwner());
        assertThat(metadata.getView(session(Map.of()), BIG_ORDERS).orElseThrow().getOriginalSql()).doesNotContain("fail(");
    }

    @Test
    void aSessionThatReadsFailingDatasetsReadsIt()
    {
        assertThat(metadata.getView(session(Map.of(MeshSessionProperties.READ_FAILING, true)), ORDERS).orElseThrow().getOriginalSql()).doesNotContain("fail(");
    }

    @Test
    void listingsNeverConsultTheBreaker()
    {
        ConnectorSession session = session(Map.of());
        assertThat(metadata.listTables(session, Optional.of("shop"))).contains(ORDERS);
        assertThat(metadata.listViews(session, Optional.empty())).contains(ORDERS);
        assertThat(metadata.getViews(session, Optional.of("shop"))).containsKey(ORDERS);
        assertThat(metadata.getViews(session, Optional.empty())).containsKey(ORDERS);
        assertThat(metadata.getRelationTypes(session, Optional.of("shop"))).containsEntry(ORDERS, RelationType.VIEW);
        assertThat(metadata.isView(session, ORDERS)).isTrue();
        // information_schema.columns of a schema (the engine's streaming path; the connector keeps the SPI's default)
        List<SchemaTableName> withColumns = new ArrayList<>();
        metadata.streamRelationColumns(session, Optional.of("shop"), UnaryOperator.identity())
                .forEachRemaining((RelationColumnsMetadata relation) -> withColumns.add(relation.name()));
        assertThat(withColumns).contains(ORDERS, BIG_ORDERS);
    }

    @Test
    void aPinnedTableIsItsDatasetReadAtTheSnapshotAndBlockedAsItIs()
    {
        SchemaTableName pinned = new SchemaTableName("shop", "orders@snapshot:8123456789");
        ConnectorSession readFailing = session(Map.of(MeshSessionProperties.READ_FAILING, true));
        ConnectorViewDefinition dataset = metadata.getView(readFailing, ORDERS).orElseThrow();
        ConnectorViewDefinition view = metadata.getView(readFailing, pinned).orElseThrow();
        assertThat(view.getOriginalSql()).isEqualTo(dataset.getOriginalSql() + " FOR VERSION AS OF BIGINT '8123456789'")
                .isEqualTo("SELECT \"orderkey\", \"custkey\", \"totalprice\", \"orderdate\", \"clerk\" FROM \"tpch\".\"tiny\".\"orders\" FOR VERSION AS OF BIGINT '8123456789'");
        assertThat(view.getColumns()).isEqualTo(dataset.getColumns());
        assertThat(view.getComment()).isEqualTo(dataset.getComment()).contains("One row per order");
        assertThat(view.getOwner()).isEqualTo(dataset.getOwner()).contains("product:shop");
        assertThat(view.isRunAsInvoker()).isFalse();
        // The dataset's circuit breaker, naming the table read and the dataset whose check failed.
        assertThat(metadata.getView(session(Map.of()), pinned).orElseThrow().getOriginalSql())
                .contains("fail('Dataset mesh.shop.orders@snapshot:8123456789 is blocked: its blocking quality check ''no_negative_totals'' failed")
                .contains("WHERE product = ''shop'' AND dataset = ''orders''");
        assertThat(metadata.isView(readFailing, pinned)).isTrue();
    }

    @Test
    void aPinnedTableIsResolvedOnlyWhenNamed()
    {
        ConnectorSession session = session(Map.of());
        assertThat(metadata.listTables(session, Optional.of("shop"))).containsExactlyInAnyOrder(ORDERS, BIG_ORDERS);
        assertThat(metadata.getViews(session, Optional.empty()).keySet()).noneMatch(table -> table.getTableName().contains("@snapshot:"));
        assertThat(metadata.getRelationTypes(session, Optional.of("shop"))).containsOnlyKeys(ORDERS, BIG_ORDERS);
        for (String name : List.of("orders@snapshot:01", "orders@snapshot:", "orders@snapshot:-1", "nope@snapshot:1", "orders@snapshot:1@snapshot:2")) {
            assertThat(metadata.getView(session, new SchemaTableName("shop", name))).as(name).isEmpty();
            assertThat(metadata.isView(session, new SchemaTableName("shop", name))).as(name).isFalse();
        }
        assertThat(metadata.getView(session, new SchemaTableName("nowhere", "orders@snapshot:1"))).isEmpty();
    }

    @Test
    void aDatasetDefinedBySqlCannotBePinned()
    {
        assertThatThrownBy(() -> metadata.getView(session(Map.of()), new SchemaTableName("shop", "big_orders@snapshot:1")))
                .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(MeshErrorCode.MESH_DATASET_NOT_PINNABLE.toErrorCode()))
                .hasMessage("shop.big_orders@snapshot:1 cannot be pinned at a snapshot: the source of shop.big_orders is a SQL query, and only a lake table has snapshots; query shop.big_orders");
    }

    @Test
    void theErrorSaysSoWhenTheServiceGaveNoDetails()
    {
        TestingQualityClient bare = new TestingQualityClient(httpClient, service.baseUri(), service.tokenFor(MeshQueryRunner.TRINO_PRINCIPAL));
        bare.setQuality(List.of(new DatasetQuality("shop", "orders", QualityStatus.FAILING, null, List.of("row_count"), "row_count", null)));
        MeshCatalogCache bareCache = new MeshCatalogCache(bare, new MeshCatalogCompiler(new MeshCatalogName("lakehouse"), TESTING_TYPE_MANAGER), new MeshConfig());
        try {
            assertThat(new MeshMetadata(bareCache, new CircuitBreaker(new MeshCatalogName("lakehouse"))).getView(session(Map.of()), ORDERS).orElseThrow().getOriginalSql())
                    .contains("fail('Dataset lakehouse.shop.orders is blocked: its blocking quality check ''row_count'' failed: the catalog service gave no details. " +
                            "To read it anyway: SET SESSION lakehouse.read_failing = true.");
        }
        finally {
            bareCache.stop();
        }
    }

    private static ConnectorSession session(Map<String, Object> properties)
    {
        return TestingConnectorSession.builder()
                .setPropertyMetadata(SESSION_PROPERTIES.getSessionProperties())
                .setPropertyValues(properties)
                .build();
    }
}
