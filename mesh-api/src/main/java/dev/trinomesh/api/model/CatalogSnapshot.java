package dev.trinomesh.api.model;

import dev.trinomesh.api.quality.DatasetQuality;

import java.util.List;

/**
 * Every registered product at its current revision, the tables served beside their datasets (previous
 * majors and releases), and the health of the datasets checked so far, as of
 * registry revision {@code revision}. The registry revision increases with every change of either (a
 * dataset's quality status or circuit breaker moving counts), so it serves as the snapshot's ETag.
 */
public record CatalogSnapshot(long revision, List<ProductRecord> products, List<DatasetVariant> variants, List<DatasetQuality> quality)
{
    public CatalogSnapshot
    {
        products = List.copyOf(products);
        variants = variants == null ? List.of() : List.copyOf(variants);
        quality = quality == null ? List.of() : List.copyOf(quality);
    }

    public CatalogSnapshot(long revision, List<ProductRecord> products)
    {
        this(revision, products, List.of(), List.of());
    }

    public CatalogSnapshot withVariants(List<DatasetVariant> variants)
    {
        return new CatalogSnapshot(revision, products, variants, quality);
    }

    public CatalogSnapshot withQuality(List<DatasetQuality> quality)
    {
        return new CatalogSnapshot(revision, products, variants, quality);
    }
}
