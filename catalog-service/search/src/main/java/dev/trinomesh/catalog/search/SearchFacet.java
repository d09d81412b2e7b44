package dev.trinomesh.catalog.search;

import org.apache.lucene.facet.FacetsConfig;

import java.util.List;
import java.util.function.Function;

/** The dimensions a search is narrowed by and counted in, with each product's values in them. */
enum SearchFacet
{
    DOMAIN("domain", false, product -> List.of(product.domain())),
    TAG("tag", true, IndexedProduct::tags),
    STATUS("status", false, product -> List.of(product.status())),
    HEALTH("health", false, product -> List.of(product.health())),
    CLASSIFICATION("classification", true, IndexedProduct::classifications);

    private final String dimension;
    private final boolean multiValued;
    private final Function<IndexedProduct, List<String>> values;

    SearchFacet(String dimension, boolean multiValued, Function<IndexedProduct, List<String>> values)
    {
        this.dimension = dimension;
        this.multiValued = multiValued;
        this.values = values;
    }

    String dimension()
    {
        return dimension;
    }

    List<String> valuesOf(IndexedProduct product)
    {
        return values.apply(product);
    }

    static FacetsConfig facetsConfig()
    {
        FacetsConfig config = new FacetsConfig();
        for (SearchFacet facet : values()) {
            config.setMultiValued(facet.dimension, facet.multiValued);
        }
        return config;
    }
}
