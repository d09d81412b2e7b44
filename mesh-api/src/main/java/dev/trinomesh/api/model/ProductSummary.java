package dev.trinomesh.api.model;

import java.time.Instant;
import java.util.List;

/** One row of a product listing. */
public record ProductSummary(
        String name,
        String domain,
        String owner,
        String version,
        ProductStatus status,
        String description,
        List<String> tags,
        int datasets,
        int revision,
        Instant updatedAt)
{
    public ProductSummary
    {
        tags = List.copyOf(tags);
    }

    public static ProductSummary of(ProductRecord product)
    {
        ProductMetadata metadata = product.metadata();
        return new ProductSummary(
                product.name(),
                metadata.domain(),
                metadata.owner(),
                metadata.version(),
                product.status(),
                metadata.description(),
                metadata.tags(),
                product.descriptor().spec().datasets().size(),
                product.revision(),
                product.updatedAt());
    }
}
