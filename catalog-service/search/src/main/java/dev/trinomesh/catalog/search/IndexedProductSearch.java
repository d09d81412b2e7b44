package dev.trinomesh.catalog.search;

import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.search.IndexGeneration.Searchable;
import dev.trinomesh.catalog.search.api.ProductSearch;
import dev.trinomesh.catalog.search.api.SearchQuery;
import dev.trinomesh.catalog.search.api.SearchResult;
import dev.trinomesh.catalog.search.api.SearchResult.SearchHit;
import jakarta.inject.Inject;
import org.apache.lucene.facet.DrillDownQuery;
import org.apache.lucene.facet.DrillSideways;
import org.apache.lucene.facet.DrillSideways.DrillSidewaysResult;
import org.apache.lucene.facet.FacetsCollector.MatchingDocs;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * {@link ProductSearch} on the in-memory index: the query, narrowed to what the viewer may see before anything is
 * matched or counted, drilled down by the selected facets (DrillSideways counts each selected dimension without its
 * own selection).
 */
public final class IndexedProductSearch
        implements ProductSearch
{
    /** The deepest hit a page may reach: paging further is no way to find a product. */
    static final int MAX_DEPTH = 10_000;
    private static final Sort BY_NAME = new Sort(new SortField(IndexBuilder.NAME_SORT, SortField.Type.STRING));

    private final SearchIndex index;
    private final TextAnalysis analysis;
    private final MatchFinder matchFinder;

    @Inject
    public IndexedProductSearch(SearchIndex index)
    {
        this(index, new TextAnalysis());
    }

    IndexedProductSearch(SearchIndex index, TextAnalysis analysis)
    {
        this.index = requireNonNull(index, "index is null");
        this.analysis = requireNonNull(analysis, "analysis is null");
        this.matchFinder = new MatchFinder(analysis);
    }

    @Override
    public SearchResult search(Viewer viewer, SearchQuery query)
    {
        List<QueryTerm> terms = QueryText.terms(query.text(), analysis);
        Map<SearchFacet, List<String>> selections = FacetSelections.of(query.facets());
        IndexGeneration generation = index.current();
        List<String> visible = viewer.seesEverything() ? List.of() : viewer.visibleProducts();
        if (generation.searcher().isEmpty() || (!viewer.seesEverything() && visible.isEmpty()) || query.offset() >= MAX_DEPTH) {
            return new SearchResult(List.of(), FacetCounts.none(selections), 0, generation.revision());
        }
        Searchable searchable = generation.searcher().orElseThrow();
        Query matching = ProductQueries.matching(terms);
        if (!viewer.seesEverything()) {
            matching = ProductQueries.visibleOnly(matching, visible);
        }
        DrillDownQuery drillDown = new DrillDownQuery(searchable.facetsConfig(), matching);
        // Values of one dimension added one by one are alternatives; dimensions all apply.
        selections.forEach((facet, values) -> values.forEach(value -> drillDown.add(facet.dimension(), value)));
        int depth = Math.min(MAX_DEPTH, query.offset() + query.limit());
        try {
            DrillSideways sideways = new DrillSideways(searchable.searcher(), searchable.facetsConfig(), searchable.facetsState());
            DrillSidewaysResult result = terms.isEmpty()
                    ? sideways.search(drillDown, null, null, depth, BY_NAME, false)
                    : sideways.search(drillDown, depth);
            List<SearchHit> hits = new ArrayList<>();
            StoredFields stored = searchable.searcher().storedFields();
            ScoreDoc[] scoreDocs = result.hits.scoreDocs;
            for (int i = query.offset(); i < scoreDocs.length; i++) {
                String name = stored.document(scoreDocs[i].doc).get(ProductQueries.PRODUCT);
                IndexedProduct product = generation.products().get(name);
                float score = terms.isEmpty() ? 0 : scoreDocs[i].score;
                hits.add(new SearchHit(name, product.domain(), product.status(), product.health(), product.description(), score, matchFinder.matches(product, terms)));
            }
            // Counted by the facets' collector, which counts every match (the top docs' total may be a lower bound).
            int total = result.drillDownFacetsCollector.getMatchingDocs().stream().mapToInt(MatchingDocs::totalHits).sum();
            return new SearchResult(hits, FacetCounts.of(result.facets, searchable, selections), total, generation.revision());
        }
        catch (IOException e) {
            throw new UncheckedIOException("searching the in-memory index failed", e);
        }
    }
}
