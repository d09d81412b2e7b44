package dev.trinomesh.catalog.search;

import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityStatus;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.registry.api.ServedHealth;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.search.api.SearchQuery;
import dev.trinomesh.catalog.search.api.SearchResult;
import dev.trinomesh.catalog.search.api.SearchResult.FacetDimension;
import dev.trinomesh.catalog.search.api.SearchResult.FacetValue;
import dev.trinomesh.catalog.search.api.SearchResult.Match;
import dev.trinomesh.catalog.search.api.SearchResult.SearchHit;
import io.airlift.units.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Search over the demo's products (examples/demo), as the portal's people would type it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestProductSearch
{
    private static final List<DatasetQuality> HEALTH = List.of(
            new DatasetQuality("sales_orders", "orders", QualityStatus.HEALTHY, Instant.EPOCH, List.of(), null, null),
            new DatasetQuality("sales_orders", "lineitem", QualityStatus.WARNING, Instant.EPOCH, List.of("range_discount"), null, null),
            new DatasetQuality("customer_profiles", "customers", QualityStatus.HEALTHY, Instant.EPOCH, List.of(), null, null));

    private final TestingCatalog catalog = new TestingCatalog(TestingCatalog.demo());
    private final SearchIndex index = new SearchIndex(catalog, () -> HEALTH, new TextAnalysis(), new Duration(10, SECONDS));
    private final IndexedProductSearch search = new IndexedProductSearch(index, new TextAnalysis());

    @AfterAll
    void stop()
    {
        index.stop();
    }

    @Test
    void theDemoIsIndexed()
    {
        assertThat(names(search(TestingViewer.everything(), "*")))
                .containsExactly("customer_profiles", "returns_analysis", "sales_orders", "sales_revenue", "supply_parts");
    }

    @Test
    void aProductMatchingEveryWordByNameRanksFirstDespiteATypo()
    {
        SearchResult result = search(TestingViewer.everything(), "order revnue");
        assertThat(names(result).getFirst()).isEqualTo("sales_orders");
        assertThat(result.hits().getFirst().matches()).contains(new Match("product", "sales_orders", "sales_orders"), new Match("tag", "sales_orders", "revenue"));
    }

    @Test
    void typosFindNamesAndDatasets()
    {
        assertThat(names(search(TestingViewer.everything(), "custmer")).getFirst()).isEqualTo("customer_profiles");
        SearchResult lineitem = search(TestingViewer.everything(), "lineitm");
        assertThat(names(lineitem)).containsExactly("sales_orders");
        assertThat(lineitem.hits().getFirst().matches()).contains(new Match("dataset", "lineitem", "lineitem"));
    }

    @Test
    void aPrefixFindsWhatItBegins()
    {
        SearchResult result = search(TestingViewer.everything(), "cust");
        assertThat(names(result).getFirst()).isEqualTo("customer_profiles");
        // sales_orders has custkey, a column, and customers in descriptions.
        assertThat(names(result)).contains("sales_orders");
    }

    @Test
    void aMetricIsFoundByTheWordsOfItsName()
    {
        SearchResult result = search(TestingViewer.everything(), "net revenue");
        assertThat(names(result)).containsExactly("sales_revenue");
        assertThat(result.hits().getFirst().matches()).contains(new Match("metric", "monthly_net_revenue", "monthly_net_revenue"));
    }

    @Test
    void everyWordMustMatch()
    {
        assertThat(names(search(TestingViewer.everything(), "orders zebra"))).isEmpty();
    }

    @Test
    void aHitTellsItsFacetsValuesAndAtMostFiveMatches()
    {
        SearchHit hit = search(TestingViewer.everything(), "sales_orders").hits().getFirst();
        assertThat(hit.product()).isEqualTo("sales_orders");
        assertThat(hit.domain()).isEqualTo("sales");
        assertThat(hit.status()).isEqualTo("published");
        assertThat(hit.health()).isEqualTo("warning");
        assertThat(hit.score()).isPositive();
        assertThat(hit.matches()).hasSizeBetween(1, MatchFinder.MAX_MATCHES);
    }

    @Test
    void aViewerWhoSeesNothingFindsNothingAndCountsNothing()
    {
        SearchResult result = search(TestingViewer.seeing(), "*");
        assertThat(result.hits()).isEmpty();
        assertThat(result.total()).isZero();
        assertThat(result.facets()).extracting(FacetDimension::name).containsExactly("domain", "tag", "status", "health", "classification");
        assertThat(result.facets()).allSatisfy(dimension -> assertThat(dimension.values()).isEmpty());
    }

    @Test
    void aHiddenProductChangesNoCount()
    {
        Viewer alice = TestingViewer.seeing("sales_orders", "customer_profiles");
        SearchResult seen = search(alice, "*");
        assertThat(names(seen)).containsExactly("customer_profiles", "sales_orders");
        assertThat(seen.total()).isEqualTo(2);
        // sales_revenue (hidden) is in domain sales and tagged revenue too; supply_parts has classification contact and confidential.
        assertThat(values(seen, "domain")).containsExactly("customers=1", "sales=1");
        assertThat(values(seen, "tag")).contains("revenue=1", "orders=1");

        TestingCatalog withoutHidden = new TestingCatalog(TestingCatalog.demo().stream()
                .filter(product -> List.of("sales_orders", "customer_profiles").contains(product.name()))
                .toList());
        SearchIndex alone = new SearchIndex(withoutHidden, () -> HEALTH, new TextAnalysis(), new Duration(10, SECONDS));
        try {
            SearchResult expected = new IndexedProductSearch(alone, new TextAnalysis()).search(alice, SearchQuery.of("*"));
            assertThat(seen.facets()).isEqualTo(expected.facets());
            assertThat(search(alice, "revenue").facets()).isEqualTo(new IndexedProductSearch(alone, new TextAnalysis()).search(alice, SearchQuery.of("revenue")).facets());
        }
        finally {
            alone.stop();
        }
    }

    @Test
    void aSelectedDimensionKeepsItsOtherValues()
    {
        SearchResult result = search.search(TestingViewer.everything(), new SearchQuery("*", Map.of("domain", List.of("sales")), 20, 0));
        assertThat(names(result)).containsExactly("returns_analysis", "sales_orders", "sales_revenue");
        assertThat(result.total()).isEqualTo(3);
        assertThat(result.facets().getFirst().values()).containsExactly(new FacetValue("sales", 3, true), new FacetValue("customers", 1, false), new FacetValue("supply", 1, false));
        // Other dimensions count the drilled-down products only.
        assertThat(values(result, "tag")).contains("revenue=2", "orders=1", "kpi=1");
    }

    @Test
    void valuesOfADimensionAreAlternativesAndDimensionsAllApply()
    {
        SearchResult either = search.search(TestingViewer.everything(), new SearchQuery("*", Map.of("tag", List.of("kpi", "tpch")), 20, 0));
        assertThat(names(either)).contains("sales_orders", "sales_revenue");
        SearchResult both = search.search(TestingViewer.everything(), new SearchQuery("*", Map.of("tag", List.of("kpi", "tpch"), "health", List.of("warning")), 20, 0));
        assertThat(names(both)).containsExactly("sales_orders");
        SearchResult nothing = search.search(TestingViewer.everything(), new SearchQuery("*", Map.of("domain", List.of("nowhere")), 20, 0));
        assertThat(nothing.hits()).isEmpty();
        assertThat(nothing.facets().getFirst().values()).contains(new FacetValue("nowhere", 0, true));
    }

    @Test
    void pagesFollowEachOther()
    {
        SearchResult first = search.search(TestingViewer.everything(), new SearchQuery("*", Map.of(), 2, 0));
        SearchResult second = search.search(TestingViewer.everything(), new SearchQuery("*", Map.of(), 2, 2));
        assertThat(names(first)).containsExactly("customer_profiles", "returns_analysis");
        assertThat(names(second)).containsExactly("sales_orders", "sales_revenue");
        assertThat(second.total()).isEqualTo(5);
    }

    @Test
    void aRegistryChangeIsSearchedOnceRebuilt()
    {
        TestingCatalog changing = new TestingCatalog(TestingCatalog.demo());
        SearchIndex changingIndex = new SearchIndex(changing, ServedHealth.NONE, new TextAnalysis(), new Duration(10, SECONDS));
        try {
            IndexedProductSearch changingSearch = new IndexedProductSearch(changingIndex, new TextAnalysis());
            assertThat(changingSearch.search(TestingViewer.everything(), SearchQuery.of("parts")).registryRevision()).isEqualTo(1);
            changing.replace(2, TestingCatalog.demo().stream().filter(product -> !product.name().equals("supply_parts")).toList());
            SearchResult after = changingSearch.search(TestingViewer.everything(), SearchQuery.of("*"));
            assertThat(after.registryRevision()).isEqualTo(2);
            assertThat(names(after)).doesNotContain("supply_parts");
        }
        finally {
            changingIndex.stop();
        }
    }

    @Test
    void badInputIsRefusedNamingTheParameter()
    {
        assertThatThrownBy(() -> search(TestingViewer.everything(), "x".repeat(201)))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("q")
                .hasMessageContaining("at most 200 characters");
        assertThatThrownBy(() -> search(TestingViewer.everything(), "a b c d e f g h i j k"))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("at most 10 words");
        assertThatThrownBy(() -> search(TestingViewer.everything(), "%%%"))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("a word or name to look for");
        assertThatThrownBy(() -> search.search(TestingViewer.everything(), new SearchQuery("*", Map.of("colour", List.of("red")), 20, 0)))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("colour")
                .hasMessageContaining("is no facet");
    }

    @Test
    void anEmptyRegistryHasNothingToFind()
    {
        SearchIndex empty = new SearchIndex(new TestingCatalog(List.<DataProduct>of()), ServedHealth.NONE, new TextAnalysis(), new Duration(10, SECONDS));
        try {
            SearchResult result = new IndexedProductSearch(empty, new TextAnalysis()).search(TestingViewer.everything(), SearchQuery.of("orders"));
            assertThat(result.hits()).isEmpty();
            assertThat(result.total()).isZero();
        }
        finally {
            empty.stop();
        }
    }

    private SearchResult search(Viewer viewer, String text)
    {
        return search.search(viewer, SearchQuery.of(text));
    }

    private static List<String> names(SearchResult result)
    {
        return result.hits().stream().map(SearchHit::product).toList();
    }

    private static List<String> values(SearchResult result, String dimension)
    {
        return result.facets().stream()
                .filter(facet -> facet.name().equals(dimension))
                .flatMap(facet -> facet.values().stream())
                .map(value -> value.value() + "=" + value.count())
                .toList();
    }
}
