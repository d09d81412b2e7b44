package dev.trinomesh.catalog.registry.api;

import dev.trinomesh.api.model.DatasetRelease;

import java.util.List;

/**
 * The data releases served beside their datasets (as {@code <dataset>@<release>}), in the catalog and
 * governance snapshots and under policies; the releases area provides them.
 */
public interface ServedReleases
{
    ServedReleases NONE = new ServedReleases()
    {
        @Override
        public List<DatasetRelease> all()
        {
            return List.of();
        }

        @Override
        public List<DatasetRelease> of(String product)
        {
            return List.of();
        }
    };

    /** Every release of every product, by product, dataset and time made; at least as new as the registry revision read before. */
    List<DatasetRelease> all();

    /** The releases of one product. */
    List<DatasetRelease> of(String product);
}
