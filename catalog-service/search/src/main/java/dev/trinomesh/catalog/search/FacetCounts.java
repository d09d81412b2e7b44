package dev.trinomesh.catalog.search;

import dev.trinomesh.catalog.search.IndexGeneration.Searchable;
import dev.trinomesh.catalog.search.api.SearchResult.FacetDimension;
import dev.trinomesh.catalog.search.api.SearchResult.FacetValue;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.LabelAndValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The facets of a search, every dimension in a fixed order: its values' counts among the matching products (a
 * selected dimension counted as if it were not, so that its other values stay to choose), most first, then name; a
 * selected value that no product has is listed with 0, so that it can be unselected.
 */
final class FacetCounts
{
    static final int MAX_VALUES = 50;

    private FacetCounts() {}

    static List<FacetDimension> of(Facets facets, Searchable searchable, Map<SearchFacet, List<String>> selections)
            throws IOException
    {
        List<FacetDimension> dimensions = new ArrayList<>();
        for (SearchFacet facet : SearchFacet.values()) {
            List<String> selected = selections.getOrDefault(facet, List.of());
            List<FacetValue> values = new ArrayList<>();
            // Lucene refuses a dimension that no document has.
            FacetResult result = searchable.facetsState().getOrdRange(facet.dimension()) == null ? null : facets.getTopChildren(MAX_VALUES, facet.dimension());
            Set<String> counted = new HashSet<>();
            if (result != null) {
                for (LabelAndValue value : result.labelValues) {
                    values.add(new FacetValue(value.label, value.value.intValue(), selected.contains(value.label)));
                    counted.add(value.label);
                }
            }
            selected.stream().filter(value -> !counted.contains(value)).forEach(value -> values.add(new FacetValue(value, 0, true)));
            values.sort(Comparator.comparingInt(FacetValue::count).reversed().thenComparing(FacetValue::value));
            dimensions.add(new FacetDimension(facet.dimension(), values));
        }
        return dimensions;
    }

    /** The dimensions of a search that matched nothing it may count: only the selected values, at 0. */
    static List<FacetDimension> none(Map<SearchFacet, List<String>> selections)
    {
        List<FacetDimension> dimensions = new ArrayList<>();
        for (SearchFacet facet : SearchFacet.values()) {
            dimensions.add(new FacetDimension(facet.dimension(), selections.getOrDefault(facet, List.of()).stream()
                    .sorted()
                    .map(value -> new FacetValue(value, 0, true))
                    .toList()));
        }
        return dimensions;
    }
}
