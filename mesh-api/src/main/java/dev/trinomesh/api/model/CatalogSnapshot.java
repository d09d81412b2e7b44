package dev.trinomesh.api.model;

import java.util.List;

/**
 * Every registered product at its current revision, as of registry revision {@code revision}.
 * The registry revision increases with every change, so it serves as the snapshot's ETag.
 */
public record CatalogSnapshot(long revision, List<ProductRecord> products)
{
    public CatalogSnapshot
    {
        products = List.copyOf(products);
    }
}
