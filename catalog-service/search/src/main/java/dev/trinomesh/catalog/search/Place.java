package dev.trinomesh.catalog.search;

import static java.util.Objects.requireNonNull;

/**
 * One piece of a product's text: indexed in {@code field}, and shown as a match of {@code kind} at {@code path}
 * ({@code column} at {@code orders.custkey}) when a query term hits it.
 */
record Place(SearchField field, String kind, String path, String text)
{
    Place
    {
        requireNonNull(field, "field is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(path, "path is null");
        requireNonNull(text, "text is null");
    }
}
