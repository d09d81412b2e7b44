package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.model.ProductRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A product consumers can see: a schema whose tables are its datasets, in descriptor order. */
public record ServedProduct(ProductRecord product, Map<String, DatasetView> datasets)
{
    public ServedProduct
    {
        requireNonNull(product, "product is null");
        datasets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
    }

    public Optional<DatasetView> dataset(String name)
    {
        return Optional.ofNullable(datasets.get(name));
    }

    public List<DatasetView> datasetList()
    {
        return List.copyOf(datasets.values());
    }
}
