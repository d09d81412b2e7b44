package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.model.PinnedSnapshot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Nodes by name, so that a name seen before is not hashed again: SHA-256 of some thirty names is the costliest
 * part of deriving an event's rows, and recurring queries name the same datasets and columns again and again.
 * Bounded: emptied when it outgrows {@link #MAX_DATASETS} datasets.
 * <p>
 * A table the mesh catalog serves pinned at a snapshot ({@code mesh.shop.orders@snapshot:42}, {@link PinnedSnapshot})
 * is the node of the table it pins, in the graph, in usage and in the audit: it is that table read as of a snapshot,
 * never listed, and a node of its own per snapshot would add a table to the graph with every commit a paging client
 * reads, and keep its reads out of the table's usage. Variants that are tables of their own ({@code orders_v1},
 * {@code orders@2026-q3}) keep their names.
 */
final class NodeNames
{
    private static final int MAX_DATASETS = 100_000;

    private final String trinoNamespace;
    private final String meshSchemas;
    private final Map<DatasetName, Dataset> datasets = new ConcurrentHashMap<>();

    NodeNames(String trinoNamespace, String meshCatalog)
    {
        this.trinoNamespace = requireNonNull(trinoNamespace, "trinoNamespace is null");
        this.meshSchemas = requireNonNull(meshCatalog, "meshCatalog is null") + ".";
    }

    Node dataset(String namespace, String dataset)
    {
        return named(namespace, dataset).node();
    }

    Node column(String namespace, String dataset, String column)
    {
        Dataset named = named(namespace, dataset);
        return named.columns().computeIfAbsent(column, named.node()::column);
    }

    private Dataset named(String namespace, String dataset)
    {
        if (datasets.size() > MAX_DATASETS) {
            datasets.clear();
        }
        return datasets.computeIfAbsent(new DatasetName(namespace, dataset), name -> new Dataset(Node.dataset(name.namespace(), recorded(name.namespace(), name.dataset())), new ConcurrentHashMap<>()));
    }

    /** The name {@code dataset} is recorded by: a pinned mesh table's is the table's it pins. */
    private String recorded(String namespace, String dataset)
    {
        if (!namespace.equals(trinoNamespace) || !dataset.startsWith(meshSchemas)) {
            return dataset;
        }
        // catalog.schema.table, split at its first two dots: a table name may hold dots, a schema's never does
        int table = dataset.indexOf('.', meshSchemas.length()) + 1;
        if (table == 0) {
            return dataset;
        }
        return PinnedSnapshot.parse(dataset.substring(table))
                .map(pinned -> dataset.substring(0, table) + pinned.table())
                .orElse(dataset);
    }

    private record DatasetName(String namespace, String dataset) {}

    private record Dataset(Node node, Map<String, Node> columns) {}
}
