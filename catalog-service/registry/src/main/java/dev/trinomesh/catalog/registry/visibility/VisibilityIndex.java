package dev.trinomesh.catalog.registry.visibility;

import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.api.governance.GovernedProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DomainInfo;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.QualifiedTableName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What visibility is decided on, built once per registry revision: every registered product (retired ones too) with
 * its domain, owner and lake namespace, the domains' owners, the compiled governance (which holds the products that
 * are not retired, with their readers), and which datasets declare each source table.
 */
final class VisibilityIndex
{
    record Product(String name, String domain, String owner, String lakeNamespace) {}

    record DatasetOf(String product, String dataset) {}

    private final CompiledGovernance governance;
    private final Map<String, Product> products;
    private final Map<String, Product> productsByNamespace;
    private final Map<String, GovernedProduct> governed;
    private final Map<String, Optional<String>> domainOwners;
    private final Map<String, List<DatasetOf>> datasetsBySource;

    VisibilityIndex(CompiledGovernance governance, List<ProductRecord> records, List<DomainInfo> domains)
    {
        this.governance = requireNonNull(governance, "governance is null");
        Map<String, Product> products = new HashMap<>();
        Map<String, Product> byNamespace = new HashMap<>();
        Map<String, List<DatasetOf>> bySource = new HashMap<>();
        for (ProductRecord record : records) {
            Product product = new Product(record.name(), record.metadata().domain(), record.metadata().owner(), record.descriptor().lakeNamespace());
            products.put(product.name(), product);
            byNamespace.put(product.lakeNamespace(), product);
            for (Dataset dataset : record.descriptor().spec().datasets()) {
                if (dataset.source().hasTable()) {
                    bySource.computeIfAbsent(tableName(dataset.source().table()), _ -> new ArrayList<>()).add(new DatasetOf(record.name(), dataset.name()));
                }
            }
        }
        Map<String, GovernedProduct> governed = new HashMap<>();
        governance.products().forEach(product -> governed.put(product.name(), product));
        Map<String, Optional<String>> owners = new HashMap<>();
        domains.forEach(domain -> owners.put(domain.name(), Optional.ofNullable(domain.owner())));
        this.products = Map.copyOf(products);
        this.productsByNamespace = Map.copyOf(byNamespace);
        this.governed = Map.copyOf(governed);
        this.domainOwners = Map.copyOf(owners);
        bySource.replaceAll((_, datasets) -> List.copyOf(datasets));
        this.datasetsBySource = Map.copyOf(bySource);
    }

    /** A source table as lineage and Trino name it: {@code catalog.schema.table}, unquoted parts lower-cased. */
    static String tableName(String declared)
    {
        QualifiedTableName name = QualifiedTableName.parse(declared);
        return name.catalog() + "." + name.schema() + "." + name.table();
    }

    CompiledGovernance governance()
    {
        return governance;
    }

    Map<String, Product> products()
    {
        return products;
    }

    Optional<Product> product(String name)
    {
        return Optional.ofNullable(products.get(name));
    }

    Optional<Product> namespaceOwner(String namespace)
    {
        return Optional.ofNullable(productsByNamespace.get(namespace));
    }

    /** The product as governance holds it: absent when retired (nobody reads a retired product). */
    Optional<GovernedProduct> governed(String product)
    {
        return Optional.ofNullable(governed.get(product));
    }

    boolean domainExists(String domain)
    {
        return domainOwners.containsKey(domain);
    }

    Optional<String> domainOwner(String domain)
    {
        return domainOwners.getOrDefault(domain, Optional.empty());
    }

    Map<String, List<DatasetOf>> datasetsBySource()
    {
        return datasetsBySource;
    }
}
