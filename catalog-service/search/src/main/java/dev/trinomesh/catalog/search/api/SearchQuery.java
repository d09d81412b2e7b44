package dev.trinomesh.catalog.search.api;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What a person looks for: free text (empty or {@code *} for everything they may see), facet values to narrow by
 * (dimension to accepted values; values of one dimension are alternatives, dimensions all apply) and a page.
 */
public record SearchQuery(String text, Map<String, List<String>> facets, int limit, int offset)
{
    public SearchQuery
    {
        requireNonNull(text, "text is null");
        facets = Map.copyOf(facets);
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be positive and offset not negative");
        }
    }

    public static SearchQuery of(String text)
    {
        return new SearchQuery(text, Map.of(), 20, 0);
    }
}
