package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetRelease;
import dev.trinomesh.api.model.DatasetVariant;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.ProductSpec;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityStatus;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.connector.MeshCatalogName;
import dev.trinomesh.connector.MeshConfig;
import dev.trinomesh.connector.TestingProducts;
import io.airlift.http.client.HttpClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.airlift.units.Duration;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaTableName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static dev.trinomesh.connector.MeshErrorCode.MESH_CATALOG_UNAVAILABLE;
import static io.trino.type.InternalTypeManager.TESTING_TYPE_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestMeshCatalogCache
{
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private TestingCatalogService service;
    private HttpClient httpClient;
    private CatalogServiceClient client;

    @BeforeEach
    void start()
    {
        service = new TestingCatalogService();
        httpClient = new JettyHttpClient(new HttpClientConfig());
        client = service.client(httpClient, "admin");
        client.applyProduct("shop", TestingProducts.orders("shop", "published"), Optional.empty(), false);
    }

    @AfterEach
    void stop()
    {
        httpClient.close();
        service.close();
    }

    @Test
    void servesTheLastGoodCatalogUntilItIsTooStale()
    {
        // A refresh interval of an hour: only explicit refresh() calls reach the service.
        MeshCatalogCache cache = cache(new MeshConfig().setRefreshInterval(Duration.valueOf("1h")).setMaxStaleness(Duration.valueOf("5m")));
        MeshCatalog first = cache.current();
        assertThat(first.schema("shop")).isPresent();

        service.close();
        cache.refresh();
        now.set(now.get().plusSeconds(299));
        assertThat(cache.current()).isSameAs(first);

        now.set(now.get().plusSeconds(2));
        assertThatThrownBy(cache::current)
                .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(MESH_CATALOG_UNAVAILABLE.toErrorCode()))
                .hasMessageMatching("The mesh catalog is too stale to serve: the catalog service at .* was last reached 5\\.02m ago, longer than mesh\\.metadata\\.max-staleness \\(5\\.00m\\)\\. Last error: catalog service at .* is unreachable: .*");
        cache.stop();
    }

    @Test
    void recompilesOnlyWhenTheRegistryMoved()
    {
        MeshCatalogCache cache = cache(new MeshConfig().setRefreshInterval(Duration.valueOf("1h")));
        MeshCatalog first = cache.current();
        cache.refresh();
        assertThat(cache.current()).isSameAs(first);

        client.applyProduct("shop2", TestingProducts.orders("shop2", "published"), Optional.empty(), false);
        cache.refresh();
        assertThat(cache.current().revision()).isGreaterThan(first.revision());
        assertThat(cache.current().schema("shop2")).isPresent();
        cache.stop();
    }

    @Test
    void aContractTypeTrinoDoesNotKnowOnlyBreaksItsDataset()
    {
        MeshCatalogCompiler compiler = new MeshCatalogCompiler(new MeshCatalogName("mesh"), TESTING_TYPE_MANAGER);
        CatalogSnapshot snapshot = client.snapshotIfChanged(Optional.empty()).orElseThrow();
        ProductRecord product = snapshot.products().getFirst();
        DataProduct descriptor = product.descriptor();
        Dataset orders = descriptor.spec().datasets().getFirst();
        Dataset shapes = new Dataset("shapes", null, orders.source(), List.of(new Column("shape", "geometry", false, false, null, List.of())), null, List.of());
        ProductRecord withShapes = new ProductRecord(product.name(), product.revision(), product.createdAt(), product.updatedAt(), product.updatedBy(),
                new DataProduct(descriptor.apiVersion(), descriptor.kind(), descriptor.metadata(), new ProductSpec(List.of(orders, shapes), descriptor.spec().access())));

        MeshCatalog catalog = compiler.compile(new CatalogSnapshot(snapshot.revision(), List.of(withShapes)));
        ServedProduct served = catalog.schema("shop").orElseThrow();
        assertThat(served.dataset("orders").orElseThrow().definition()).isPresent();
        assertThatThrownBy(() -> served.dataset("shapes").orElseThrow().requireDefinition())
                .hasMessageStartingWith("Dataset shop.shapes cannot be queried: column shape has type 'geometry', which this Trino does not know");
    }

    @Test
    void aPreviousMajorIsBlockedWithItsDatasetAndWarnsButAReleaseIsNeither()
    {
        MeshCatalogCompiler compiler = new MeshCatalogCompiler(new MeshCatalogName("mesh"), TESTING_TYPE_MANAGER);
        CatalogSnapshot snapshot = client.snapshotIfChanged(Optional.empty()).orElseThrow();
        Dataset orders = snapshot.products().getFirst().descriptor().spec().datasets().getFirst();
        DatasetVariant previous = DatasetVariant.previousMajor("shop", "orders", 1, "1.2.0", LocalDate.of(2030, 1, 1), orders);
        DatasetVariant release = DatasetVariant.release(new DatasetRelease("shop", "orders", "q3", "2.0.0", "lake.shop.orders", 42, "mesh-release-orders-q3",
                orders.columns(), null, "user:sam", Instant.EPOCH));
        DatasetQuality blocked = new DatasetQuality("shop", "orders", QualityStatus.FAILING, Instant.EPOCH, List.of("rows"), "rows", "0 rows");

        MeshCatalog catalog = compiler.compile(new CatalogSnapshot(snapshot.revision(), snapshot.products(), List.of(previous, release), List.of(blocked)));
        ServedProduct served = catalog.schema("shop").orElseThrow();
        assertThat(served.variants().keySet()).containsExactly("orders_v1", "orders@q3");
        assertThat(served.tables()).extracting(DatasetView::name).extracting(SchemaTableName::getTableName).containsSubsequence("orders", "orders_v1", "orders@q3");
        DatasetView v1 = served.dataset("orders_v1").orElseThrow();
        assertThat(v1.blocked()).as("reads the same live data as orders").isPresent();
        assertThat(v1.deprecation()).hasValueSatisfying(notice -> assertThat(notice).contains("until 2030-01-01"));
        assertThat(v1.requireDefinition().getOriginalSql()).contains("\"deprecated_orders_v1\"()");
        DatasetView q3 = served.dataset("orders@q3").orElseThrow();
        assertThat(q3.blocked()).isEmpty();
        assertThat(q3.deprecation()).isEmpty();
        assertThat(q3.requireDefinition().getOriginalSql()).endsWith("FOR VERSION AS OF BIGINT '42'").doesNotContain("deprecated_");
    }

    private MeshCatalogCache cache(MeshConfig config)
    {
        Clock clock = new Clock()
        {
            @Override
            public ZoneOffset getZone()
            {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone)
            {
                return this;
            }

            @Override
            public Instant instant()
            {
                return now.get();
            }
        };
        return new MeshCatalogCache(client, new MeshCatalogCompiler(new MeshCatalogName("mesh"), TESTING_TYPE_MANAGER), config, clock);
    }
}
