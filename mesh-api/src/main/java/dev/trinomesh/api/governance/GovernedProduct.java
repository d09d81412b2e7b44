package dev.trinomesh.api.governance;

import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.PinnedSnapshot;

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

    /**
     * A table of the product: a dataset, a variant, or one of them pinned at a snapshot ({@code orders@snapshot:42},
     * {@link PinnedSnapshot}), which is governed exactly as the table it pins. Which tables may be pinned is the mesh
     * catalog's to say; governing every such name as its table leaves no name the catalog serves ungoverned.
     */
    public Optional<GovernedDataset> dataset(String name)
    {
        GovernedDataset dataset = datasets.get(name);
        if (dataset != null) {
            return Optional.of(dataset);
        }
        return PinnedSnapshot.parse(name).map(pinned -> datasets.get(pinned.table()));
    }

    /** The identity the product's views run as. */
    public String viewPrincipal()
    {
        return "product:" + name;
    }
}
