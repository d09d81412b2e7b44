package dev.trinomesh.catalog.search;

import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static java.util.stream.Collectors.joining;

/** A query's facet values by dimension, checked: known dimensions, a bounded number of bounded values. */
final class FacetSelections
{
    static final int MAX_VALUES = 20;
    static final int MAX_VALUE_LENGTH = 200;

    private FacetSelections() {}

    static Map<SearchFacet, List<String>> of(Map<String, List<String>> facets)
    {
        Map<SearchFacet, List<String>> selections = new EnumMap<>(SearchFacet.class);
        List<Violation> violations = new ArrayList<>();
        facets.forEach((dimension, values) -> {
            SearchFacet facet = Arrays.stream(SearchFacet.values()).filter(candidate -> candidate.dimension().equals(dimension)).findFirst().orElse(null);
            if (facet == null) {
                violations.add(new Violation(dimension, null, "is no facet; the facets are " + Arrays.stream(SearchFacet.values()).map(SearchFacet::dimension).collect(joining(", "))));
                return;
            }
            List<String> distinct = values.stream().map(String::strip).filter(value -> !value.isEmpty()).distinct().toList();
            if (distinct.size() > MAX_VALUES) {
                violations.add(new Violation(dimension, null, "at most %s values may be selected; got %s".formatted(MAX_VALUES, distinct.size())));
            }
            distinct.stream().filter(value -> value.length() > MAX_VALUE_LENGTH).findFirst()
                    .ifPresent(value -> violations.add(new Violation(dimension, value.substring(0, 40) + "…", "a value has at most %s characters".formatted(MAX_VALUE_LENGTH))));
            if (!distinct.isEmpty()) {
                selections.put(facet, distinct);
            }
        });
        if (!violations.isEmpty()) {
            throw ServiceException.badRequest("bad facet selection: " + violations.stream().map(Violation::toString).collect(joining("; ")), violations);
        }
        return selections;
    }
}
