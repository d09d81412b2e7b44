package dev.trinomesh.catalog.search.http;

import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.search.api.ProductSearch;
import dev.trinomesh.catalog.search.api.SearchQuery;
import dev.trinomesh.catalog.search.api.SearchResult;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v1/search}: the products the caller may see that match {@code q}, best first, narrowed by facet values (a
 * parameter repeated for alternatives: {@code tag=kpi&tag=revenue}), with the facets' counts.
 */
@Path("/v1/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource
{
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;
    private static final int MAX_OFFSET = 10_000;

    private final ProductSearch search;
    private final Visibility visibility;

    @Inject
    public SearchResource(ProductSearch search, Visibility visibility)
    {
        this.search = requireNonNull(search, "search is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    @GET
    public SearchResult search(
            @QueryParam("q") String q,
            @QueryParam("domain") List<String> domain,
            @QueryParam("tag") List<String> tag,
            @QueryParam("status") List<String> status,
            @QueryParam("health") List<String> health,
            @QueryParam("classification") List<String> classification,
            @QueryParam("limit") String limit,
            @QueryParam("offset") String offset,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        QueryParameters parameters = new QueryParameters();
        int pageSize = parameters.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        int skip = parameters.integer("offset", offset, 0, 0, MAX_OFFSET);
        parameters.check();
        Map<String, List<String>> facets = new LinkedHashMap<>();
        facets.put("domain", domain);
        facets.put("tag", tag);
        facets.put("status", status);
        facets.put("health", health);
        facets.put("classification", classification);
        facets.values().removeIf(List::isEmpty);
        return search.search(visibility.viewer(RequestUser.of(user)), new SearchQuery(q == null ? "" : q, facets, pageSize, skip));
    }
}
