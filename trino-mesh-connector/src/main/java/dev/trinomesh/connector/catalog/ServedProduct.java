package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.model.ProductRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A product consumers can see: a schema whose tables are its datasets, in descriptor order, and the
 * variants served beside them (a previous major's datasets, releases), by table name.
 */
public record ServedProduct(ProductRecord product, Map<String, DatasetView> datasets, Map<String, DatasetView> variants)
{
    public ServedProduct
    {
        requireNonNull(product, "product is null");
        datasets = Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
        variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
    }

    /** A table of the schema: a dataset or a variant. */
    public Optional<DatasetView> dataset(String name)
    {
        DatasetView dataset = datasets.get(name);
        return dataset != null ? Optional.of(dataset) : Optional.ofNullable(variants.get(name));
    }

    public List<DatasetView> datasetList()
    {
        return List.copyOf(datasets.values());
    }

    /** Every table of the schema: the datasets, then the variants. */
    public List<DatasetView> tables()
    {
        List<DatasetView> tables = new ArrayList<>(datasets.values());
        tables.addAll(variants.values());
        return tables;
    }
}
