package dev.trinomesh.catalog.search.api;

import static java.util.Objects.requireNonNull;

/** A product recommended beside another, and how many people read both. */
public record Recommended(String product, String domain, String description, int coReaders)
{
    public Recommended
    {
        requireNonNull(product, "product is null");
        requireNonNull(domain, "domain is null");
    }
}
