package dev.trinomesh.catalog.lineage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Which data product a dataset belongs to, by its Trino name: {@code MESH.PRODUCT.DATASET} is the product's
 * dataset, {@code LAKE.NAMESPACE.TABLE} is a table in the lake namespace the product owns. Datasets of other
 * namespaces and catalogs belong to no product.
 */
record ProductIndex(String trinoNamespace, String meshCatalog, String lakeCatalog, Set<String> products, Map<String, String> productsByLakeNamespace)
{
    ProductIndex
    {
        requireNonNull(trinoNamespace, "trinoNamespace is null");
        requireNonNull(meshCatalog, "meshCatalog is null");
        requireNonNull(lakeCatalog, "lakeCatalog is null");
        products = Set.copyOf(products);
        productsByLakeNamespace = Map.copyOf(productsByLakeNamespace);
    }

    /** The product of {@code dataset}, or null. */
    String productOf(String namespace, String dataset)
    {
        if (!namespace.equals(trinoNamespace)) {
            return null;
        }
        int firstDot = dataset.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : dataset.indexOf('.', firstDot + 1);
        if (secondDot < 0) {
            return null;
        }
        String catalog = dataset.substring(0, firstDot);
        String schema = dataset.substring(firstDot + 1, secondDot);
        if (catalog.equals(meshCatalog)) {
            return products.contains(schema) ? schema : null;
        }
        if (catalog.equals(lakeCatalog)) {
            return productsByLakeNamespace.get(schema);
        }
        return null;
    }

    /** The name prefixes of a product's datasets (its mesh schema, its lake namespace); empty for an unknown product. */
    List<String> datasetPrefixes(String product)
    {
        if (!products.contains(product)) {
            return List.of();
        }
        List<String> prefixes = new ArrayList<>();
        prefixes.add(meshCatalog + "." + product + ".");
        productsByLakeNamespace.entrySet().stream()
                .filter(entry -> entry.getValue().equals(product))
                .findFirst()
                .ifPresent(entry -> prefixes.add(lakeCatalog + "." + entry.getKey() + "."));
        return prefixes;
    }
}
