package dev.trinomesh.catalog.portal.view;

import java.util.List;
import java.util.Optional;

/** Search results for one viewer: hits with why they matched, and facets whose links add or remove a value. */
public record SearchPage(Frame frame, String query, int total, List<Hit> hits, List<Facet> facets, Optional<String> error, Optional<String> previous, Optional<String> next)
{
    public record Hit(String product, String url, String domain, String status, String health, String description, List<String> matches) {}

    public record Facet(String name, List<FacetLink> values) {}

    public record FacetLink(String value, int count, boolean selected, String url) {}
}
