package dev.trinomesh.api.governance;

import dev.trinomesh.api.model.ChangedRows;
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
     * {@link PinnedSnapshot}) or restricted to the rows added between two ({@code orders@changes:41:42},
     * {@link ChangedRows}), which is governed exactly as the table it stands for. Which tables may be pinned is the mesh
     * catalog's to say; governing every such name as its table leaves no name the catalog serves ungoverned.
     */
    public Optional<GovernedDataset> dataset(String name)
    {
        GovernedDataset dataset = datasets.get(name);
        if (dataset != null) {
            return Optional.of(dataset);
        }
        String base = ChangedRows.baseTable(name);
        return base.equals(name) ? Optional.empty() : Optional.ofNullable(datasets.get(base));
    }

    /** The identity the product's views run as. */
    public String viewPrincipal()
    {
        return "product:" + name;
    }
}
