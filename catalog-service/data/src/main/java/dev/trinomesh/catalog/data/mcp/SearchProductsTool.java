package dev.trinomesh.catalog.data.mcp;

import com.google.inject.Inject;
import dev.trinomesh.catalog.data.DataConfig;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.search.api.ProductSearch;
import dev.trinomesh.catalog.search.api.SearchQuery;
import dev.trinomesh.catalog.search.api.SearchResult;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.trinomesh.catalog.data.mcp.Schemas.integer;
import static dev.trinomesh.catalog.data.mcp.Schemas.names;
import static dev.trinomesh.catalog.data.mcp.Schemas.object;
import static dev.trinomesh.catalog.data.mcp.Schemas.string;
import static java.util.Objects.requireNonNull;

/** {@code search_products}: the search area's ranked, typo-tolerant search over the products the caller may see. */
public final class SearchProductsTool
        implements McpTool
{
    public static final String NAME = "search_products";
    /** The facets the search counts and narrows by. */
    private static final List<String> FACETS = List.of("domain", "tag", "status", "health", "classification");
    private static final int DEFAULT_LIMIT = 20;
    /** As {@code GET /v1/search}. */
    private static final int MAX_LIMIT = 100;
    private static final int MAX_OFFSET = 10_000;

    private final ProductSearch search;
    private final Visibility visibility;
    private final int maxLimit;

    @Inject
    public SearchProductsTool(ProductSearch search, Visibility visibility, DataConfig config)
    {
        this.search = requireNonNull(search, "search is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.maxLimit = Math.min(MAX_LIMIT, config.getMcpMaxRows());
    }

    @Override
    public McpSchema.Tool definition()
    {
        Map<String, Object> facets = new LinkedHashMap<>();
        FACETS.forEach(facet -> facets.put(facet, names("Accepted values of %s (any of them)".formatted(facet))));
        Map<String, Object> facetSchema = new LinkedHashMap<>(object(facets, List.of()));
        facetSchema.put("description", "Narrows the hits: each facet's accepted values (alternatives); all facets given apply");

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("query", string("Free text over product names, descriptions, tags, domains, owners, datasets, columns, metrics and classifications; typos are forgiven. Empty or * lists every product you may see"));
        properties.put("facets", facetSchema);
        properties.put("limit", integer("Most hits to return (default %s, at most %s)".formatted(Math.min(DEFAULT_LIMIT, maxLimit), maxLimit), 1));
        properties.put("offset", integer("Hits to skip, for the next page (default 0)", 0, MAX_OFFSET));
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Search data products")
                .description("""
                        Finds the data products you may see, best first. Each hit names the product, its domain, status, \
                        health and description, and where the query matched (a dataset, a column, a tag...). Facets count \
                        the matching products by domain, tag, status, health and classification. Use describe on a hit \
                        to read its contract.""")
                .inputSchema(object(properties, List.of()))
                .annotations(McpTool.readOnly("Search data products"))
                .build();
    }

    @Override
    public Object call(ToolCaller caller, ToolArguments arguments)
    {
        String text = arguments.text("query").orElse("");
        int limit = Math.min(arguments.integer("limit", 1, Integer.MAX_VALUE).orElse(DEFAULT_LIMIT), maxLimit);
        int offset = arguments.integer("offset", 0, MAX_OFFSET).orElse(0);
        Map<String, List<String>> facets = arguments.entries("facets");
        facets.keySet().stream()
                .filter(facet -> !FACETS.contains(facet))
                .forEach(facet -> arguments.violation("facets." + facet, null, "is no facet; the facets are " + String.join(", ", FACETS)));
        arguments.check();

        SearchResult result = search.search(visibility.viewer(caller.user()), new SearchQuery(text, facets, limit, offset));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query", text);
        answer.put("total", result.total());
        answer.put("offset", offset);
        answer.put("hits", result.hits());
        answer.put("facets", result.facets());
        boolean truncated = offset + result.hits().size() < result.total();
        answer.put("truncated", truncated);
        answer.put("nextOffset", truncated ? offset + result.hits().size() : null);
        return answer;
    }
}
