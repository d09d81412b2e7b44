package dev.trinomesh.catalog.lineage;

import dev.trinomesh.catalog.registry.api.Viewer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Which datasets of the lineage graph one caller may see (a column as its dataset), as the catalog decides who sees
 * what ({@link Viewer}): governance admins and the Trinos see every dataset. A person sees a mesh dataset
 * ({@code MESH.PRODUCT.DATASET}) they may read in Trino, the mesh catalog's own {@code metadata} and
 * {@code information_schema} (everyone may read them), a lake table ({@code LAKE.NAMESPACE.TABLE}) of a product they
 * may see, and any other dataset when it is the declared source of a dataset they may read (its descriptor shows it
 * anyway); nothing of other namespaces (other OpenLineage producers' datasets). Decisions are kept for one answer.
 */
final class NodeVisibility
{
    private static final Set<String> OPEN_SCHEMAS = Set.of("metadata", "information_schema");

    private final Viewer viewer;
    private final ProductIndex products;
    private final Map<Long, Boolean> decided = new HashMap<>();

    NodeVisibility(Viewer viewer, ProductIndex products)
    {
        this.viewer = requireNonNull(viewer, "viewer is null");
        this.products = requireNonNull(products, "products is null");
    }

    boolean seesEverything()
    {
        return viewer.seesEverything();
    }

    /** Whether the node's dataset is visible. */
    boolean visible(Node node)
    {
        if (viewer.seesEverything()) {
            return true;
        }
        return decided.computeIfAbsent(node.datasetId(), _ -> decide(node.namespace(), node.dataset()));
    }

    boolean visible(String namespace, String dataset)
    {
        return visible(Node.dataset(namespace, dataset));
    }

    /** Whether {@code product} may be named to the caller. */
    boolean canSeeProduct(String product)
    {
        return viewer.canSee(product);
    }

    private boolean decide(String namespace, String dataset)
    {
        if (!namespace.equals(products.trinoNamespace())) {
            return false;
        }
        Optional<String[]> parts = parts(dataset);
        if (parts.isPresent()) {
            String catalog = parts.orElseThrow()[0];
            String schema = parts.orElseThrow()[1];
            String table = parts.orElseThrow()[2];
            if (catalog.equals(products.meshCatalog()) && (OPEN_SCHEMAS.contains(schema) || viewer.canRead(schema, table))) {
                return true;
            }
            if (catalog.equals(products.lakeCatalog()) && viewer.canSeeLakeNamespace(schema)) {
                return true;
            }
        }
        return viewer.readableSources().contains(dataset);
    }

    /**
     * The name prefixes (in the mesh's Trino namespace) under which all datasets the caller may see lie, but for the
     * declared sources: for finding them in the store without reading every name.
     */
    List<String> prefixes()
    {
        List<String> prefixes = new ArrayList<>();
        for (String schema : OPEN_SCHEMAS) {
            prefixes.add(products.meshCatalog() + "." + schema + ".");
        }
        for (String product : viewer.visibleProducts()) {
            prefixes.addAll(products.datasetPrefixes(product));
        }
        return prefixes;
    }

    /** The declared sources of datasets the caller may read: visible under any name. */
    Set<String> readableSources()
    {
        return viewer.readableSources();
    }

    /** {@code catalog.schema.table} of a Trino dataset name, split at its first two dots. */
    private static Optional<String[]> parts(String dataset)
    {
        int first = dataset.indexOf('.');
        int second = first < 0 ? -1 : dataset.indexOf('.', first + 1);
        if (second < 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {dataset.substring(0, first), dataset.substring(first + 1, second), dataset.substring(second + 1)});
    }
}
