package dev.trinomesh.catalog.search.api;

import java.util.List;

/** One page of hits, best first, the facets of all matching products, how many matched and the registry revision searched. */
public record SearchResult(List<SearchHit> hits, List<FacetDimension> facets, int total, long registryRevision)
{
    public SearchResult
    {
        hits = List.copyOf(hits);
        facets = List.copyOf(facets);
    }

    /** One matching product: where it matched, for showing why. */
    public record SearchHit(String product, String domain, String status, String health, String description, float score, List<Match> matches)
    {
        public SearchHit
        {
            matches = List.copyOf(matches);
        }
    }

    /**
     * A place a query term matched: {@code kind} is product, description, tag, domain, owner, dataset, column, metric or
     * classification; {@code path} names it ({@code orders.customer_id}) and {@code text} is the matched text.
     */
    public record Match(String kind, String path, String text) {}

    /** A facet (domain, tag, status, health, classification) and its values' counts among the matching products. */
    public record FacetDimension(String name, List<FacetValue> values)
    {
        public FacetDimension
        {
            values = List.copyOf(values);
        }
    }

    public record FacetValue(String value, int count, boolean selected) {}
}
