package dev.trinomesh.api.governance;

import dev.trinomesh.api.model.DataProduct;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A product as governance sees it: who owns it, which lake namespace it owns, its governed datasets. */
public record GovernedProduct(String name, String domain, String owner, String lakeNamespace, boolean served, Map<String, GovernedDataset> datasets)
{
    public GovernedProduct
    {
        requireNonNull(name, "name is null");
        requireNonNull(owner, "owner is null");
        datasets = Map.copyOf(datasets);
    }

    static GovernedProduct of(DataProduct product, Map<String, GovernedDataset> datasets)
    {
        return new GovernedProduct(product.name(), product.metadata().domain(), product.metadata().owner(), product.lakeNamespace(),
                product.metadata().status().isServed(), datasets);
    }

    public Optional<GovernedDataset> dataset(String name)
    {
        return Optional.ofNullable(datasets.get(name));
    }

    /** The identity the product's views run as. */
    public String viewPrincipal()
    {
        return "product:" + name;
    }
}
