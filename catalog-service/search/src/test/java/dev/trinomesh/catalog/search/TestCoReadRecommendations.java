package dev.trinomesh.catalog.search;

import dev.trinomesh.catalog.core.trino.TrinoConfig;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.lineage.api.ProductReaders;
import dev.trinomesh.catalog.registry.api.ServedHealth;
import dev.trinomesh.catalog.search.api.Recommended;
import io.airlift.units.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestCoReadRecommendations
{
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final Callers CALLERS = new Callers()
    {
        @Override
        public Caller resolve(String user)
        {
            return new Caller(user, Set.of("user:" + user), false);
        }

        @Override
        public List<String> admins()
        {
            return List.of();
        }

        @Override
        public List<String> snapshotReaders()
        {
            return List.of("user:trino");
        }
    };

    private final SearchIndex index = new SearchIndex(new TestingCatalog(TestingCatalog.demo()), ServedHealth.NONE, new TextAnalysis(), new Duration(10, SECONDS));
    private final ServicePrincipals servicePrincipals = new ServicePrincipals(CALLERS, new TrinoConfig().setUser("mesh-service"), new SearchConfig());

    @AfterAll
    void stop()
    {
        index.stop();
    }

    @Test
    void productsReadByTheSamePeopleAreRecommendedMostAlikeFirst()
    {
        CoReadRecommendations recommendations = recommendations(Map.of(
                "sales_orders", Set.of("ann", "bob", "cid", "dan"),
                "sales_revenue", Set.of("ann", "bob", "cid", "dan"),
                "customer_profiles", Set.of("ann", "bob", "cid", "eve", "fay", "gus")));
        assertThat(recommendations.alsoRead(TestingViewer.everything(), "sales_orders", 10)).containsExactly(
                new Recommended("sales_revenue", "sales", "Monthly revenue and order counts, built on sales_orders.", 4),
                new Recommended("customer_profiles", "customers", "Customer master data with their nation and region.", 3));
        assertThat(recommendations.alsoRead(TestingViewer.everything(), "sales_orders", 1)).extracting(Recommended::product).containsExactly("sales_revenue");
    }

    @Test
    void twoCoReadersAreNotEnough()
    {
        CoReadRecommendations recommendations = recommendations(Map.of(
                "sales_orders", Set.of("ann", "bob", "cid"),
                "sales_revenue", Set.of("ann", "bob", "eve", "fay")));
        assertThat(recommendations.alsoRead(TestingViewer.everything(), "sales_orders", 10)).isEmpty();
    }

    @Test
    void aProductWithFewerThanThreeReadersIsNeverRecommendedNorRecommendsAnything()
    {
        CoReadRecommendations recommendations = recommendations(Map.of(
                "sales_orders", Set.of("ann", "bob", "cid"),
                "sales_revenue", Set.of("ann", "bob")));
        assertThat(recommendations.alsoRead(TestingViewer.everything(), "sales_orders", 10)).isEmpty();
        assertThat(recommendations.alsoRead(TestingViewer.everything(), "sales_revenue", 10)).isEmpty();
    }

    @Test
    void servicePrincipalsAreNoReaders()
    {
        CoReadRecommendations recommendations = recommendations(Map.of(
                "sales_orders", Set.of("ann", "bob", "trino", "mesh-service", "mesh-quality", "product:sales_revenue"),
                "sales_revenue", Set.of("ann", "bob", "trino", "mesh-service", "mesh-quality", "product:sales_revenue")));
        assertThat(recommendations.alsoRead(TestingViewer.everything(), "sales_orders", 10)).isEmpty();
    }

    @Test
    void onlyProductsTheViewerSeesAreRecommendedAndOnlyBesideThem()
    {
        CoReadRecommendations recommendations = recommendations(Map.of(
                "sales_orders", Set.of("ann", "bob", "cid"),
                "sales_revenue", Set.of("ann", "bob", "cid"),
                "supply_parts", Set.of("ann", "bob", "cid")));
        assertThat(recommendations.alsoRead(TestingViewer.seeing("sales_orders", "supply_parts"), "sales_orders", 10)).extracting(Recommended::product).containsExactly("supply_parts");
        assertThat(recommendations.alsoRead(TestingViewer.seeing("supply_parts"), "sales_orders", 10)).isEmpty();
    }

    @Test
    void readingIsLookedAtOverTheLast90Days()
    {
        AtomicReference<Instant> asked = new AtomicReference<>();
        ProductReaders readers = since -> {
            asked.set(since);
            return Map.of();
        };
        new CoReadRecommendations(readers, servicePrincipals, index, Clock.fixed(NOW, ZoneOffset.UTC)).alsoRead(TestingViewer.everything(), "sales_orders", 5);
        assertThat(asked.get()).isEqualTo(NOW.minus(CoReadRecommendations.WINDOW));
    }

    private CoReadRecommendations recommendations(Map<String, Set<String>> readers)
    {
        return new CoReadRecommendations(_ -> readers, servicePrincipals, index, Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
