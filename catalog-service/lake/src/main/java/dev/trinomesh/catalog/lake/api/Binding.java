package dev.trinomesh.catalog.lake.api;

import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductRecord;

import static java.util.Objects.requireNonNull;

/** A dataset of a served product whose source is a table of the lake: that table must keep its contract. */
public record Binding(ProductRecord product, Dataset dataset)
{
    public Binding
    {
        requireNonNull(product, "product is null");
        requireNonNull(dataset, "dataset is null");
    }

    public String describe()
    {
        return "product '%s' version %s, dataset %s".formatted(product.name(), product.metadata().version(), dataset.name());
    }
}
