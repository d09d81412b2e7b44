package dev.trinomesh.api.model;

import java.time.Instant;

/** One entry of a product's history: what the product was after this change, and who made it. */
public record RevisionInfo(
        int revision,
        String version,
        ProductStatus status,
        Instant createdAt,
        String author,
        String summary)
{
}
