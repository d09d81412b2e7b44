package dev.trinomesh.catalog.portal.http;

import com.google.inject.Inject;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.portal.session.PortalUser;
import dev.trinomesh.catalog.portal.view.Frame;
import dev.trinomesh.catalog.portal.view.SearchPage;
import dev.trinomesh.catalog.portal.view.SearchPage.Facet;
import dev.trinomesh.catalog.portal.view.SearchPage.FacetLink;
import dev.trinomesh.catalog.portal.view.SearchPage.Hit;
import dev.trinomesh.catalog.portal.view.Templates;
import dev.trinomesh.catalog.portal.view.Urls;
import dev.trinomesh.catalog.registry.api.Visibility;
import dev.trinomesh.catalog.search.api.ProductSearch;
import dev.trinomesh.catalog.search.api.SearchQuery;
import dev.trinomesh.catalog.search.api.SearchResult;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** The search page: the search area ranks and counts, for this viewer only; the page links facets and pages. */
@Path("/portal/search")
public class SearchPageResource
{
    static final List<String> FACETS = List.of("domain", "tag", "status", "health", "classification");
    private static final int PAGE_SIZE = 20;
    private static final int MAX_PAGE = 50;

    private final ProductSearch search;
    private final Visibility visibility;
    private final Templates templates;

    @Inject
    public SearchPageResource(ProductSearch search, Visibility visibility, Templates templates)
    {
        this.search = requireNonNull(search, "search is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.templates = requireNonNull(templates, "templates is null");
    }

    @GET
    public Response search(@Context UriInfo uri, @Context ContainerRequestContext request)
    {
        PortalUser user = PortalRequests.user(request);
        MultivaluedMap<String, String> parameters = uri.getQueryParameters();
        String text = Optional.ofNullable(parameters.getFirst("q")).orElse("").strip();
        Map<String, List<String>> selected = new LinkedHashMap<>();
        for (String facet : FACETS) {
            List<String> values = parameters.getOrDefault(facet, List.of()).stream().filter(value -> !value.isBlank()).distinct().toList();
            if (!values.isEmpty()) {
                selected.put(facet, values);
            }
        }
        int page = page(parameters.getFirst("page"));
        Frame frame = Frame.of(text.isEmpty() ? "Search" : "Search: " + text, user, "search");
        SearchResult result;
        try {
            result = search.search(visibility.viewer(user.user()).listedInTrino(), new SearchQuery(text, selected, PAGE_SIZE, (page - 1) * PAGE_SIZE));
        }
        catch (ServiceException | IllegalArgumentException e) {
            return templates.page(400, "search.jte", new SearchPage(frame, text, 0, List.of(), List.of(), Optional.of(e.getMessage()), Optional.empty(), Optional.empty()));
        }
        List<Hit> hits = result.hits().stream()
                .map(hit -> new Hit(hit.product(), Urls.product(hit.product()), hit.domain(), hit.status(), hit.health(), hit.description(),
                        hit.matches().stream().map(match -> "%s %s".formatted(match.kind(), match.path())).distinct().toList()))
                .toList();
        List<Facet> facets = result.facets().stream()
                .map(dimension -> new Facet(dimension.name(), dimension.values().stream()
                        .map(value -> new FacetLink(value.value(), value.count(), value.selected(), url(text, toggle(selected, dimension.name(), value.value()), 1)))
                        .toList()))
                .toList();
        Optional<String> previous = page > 1 ? Optional.of(url(text, selected, page - 1)) : Optional.empty();
        Optional<String> next = page < MAX_PAGE && page * PAGE_SIZE < result.total() ? Optional.of(url(text, selected, page + 1)) : Optional.empty();
        return templates.page("search.jte", new SearchPage(frame, text, result.total(), hits, facets, Optional.empty(), previous, next));
    }

    private static int page(String value)
    {
        try {
            return value == null ? 1 : Math.clamp(Integer.parseInt(value), 1, MAX_PAGE);
        }
        catch (NumberFormatException _) {
            return 1;
        }
    }

    private static Map<String, List<String>> toggle(Map<String, List<String>> selected, String facet, String value)
    {
        Map<String, List<String>> toggled = new LinkedHashMap<>(selected);
        List<String> values = new ArrayList<>(toggled.getOrDefault(facet, List.of()));
        if (!values.remove(value)) {
            values.add(value);
        }
        if (values.isEmpty()) {
            toggled.remove(facet);
        }
        else {
            toggled.put(facet, values);
        }
        return toggled;
    }

    static String url(String text, Map<String, List<String>> facets, int page)
    {
        List<String> parameters = new ArrayList<>();
        if (!text.isEmpty()) {
            parameters.add("q=" + Urls.query(text));
        }
        facets.forEach((facet, values) -> values.forEach(value -> parameters.add(facet + "=" + Urls.query(value))));
        if (page > 1) {
            parameters.add("page=" + page);
        }
        return "/portal/search" + (parameters.isEmpty() ? "" : "?" + parameters.stream().collect(Collectors.joining("&")));
    }
}
