package dev.trinomesh.catalog.search.api;

import dev.trinomesh.catalog.registry.api.Viewer;

/**
 * Ranked, typo-tolerant search over the products a person may see: their names, descriptions, tags, domains, owners,
 * datasets, columns, metrics and classifications. Hits and facet counts are the viewer's only, so neither tells of a
 * product the viewer could not list in Trino.
 */
public interface ProductSearch
{
    SearchResult search(Viewer viewer, SearchQuery query);
}
