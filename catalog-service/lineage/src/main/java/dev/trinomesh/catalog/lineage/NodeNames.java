package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.model.ChangedRows;
import dev.trinomesh.api.model.PinnedSnapshot;
import dev.trinomesh.api.model.StagedTableName;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Nodes by name, so that a name seen before is not hashed again: SHA-256 of some thirty names is the costliest
 * part of deriving an event's rows, and recurring queries name the same datasets and columns again and again.
 * Bounded: emptied when it outgrows {@link #MAX_DATASETS} datasets.
 * <p>
 * A table the mesh catalog serves pinned at a snapshot ({@code mesh.shop.orders@snapshot:42}, {@link PinnedSnapshot})
 * or restricted to the rows added between two ({@code mesh.shop.orders@changes:41:42}, {@link ChangedRows}) is the node
 * of the table it stands for, in the graph, in usage and in the audit: it is that table read as of a snapshot,
 * never listed, and a node of its own per snapshot would add a table to the graph with every commit a paging client
 * reads, and keep its reads out of the table's usage. Variants that are tables of their own ({@code orders_v1},
 * {@code orders@2026-q3}) keep their names. So does a pipeline's staged table: it is recorded as the table it stages.
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

    /**
     * The name {@code dataset} is recorded by: a pinned mesh table's is the table's it pins, and a staged lake table's
     * (where a pipeline run writes until its audit passes, {@link StagedTableName}) the table's it stages.
     */
    private String recorded(String namespace, String dataset)
    {
        if (!namespace.equals(trinoNamespace)) {
            return dataset;
        }
        if (!dataset.startsWith(meshSchemas)) {
            int table = dataset.lastIndexOf('.') + 1;
            return StagedTableName.target(dataset.substring(table)).map(target -> dataset.substring(0, table) + target).orElse(dataset);
        }
        // catalog.schema.table, split at its first two dots: a table name may hold dots, a schema's never does
        int table = dataset.indexOf('.', meshSchemas.length()) + 1;
        if (table == 0) {
            return dataset;
        }
        return dataset.substring(0, table) + ChangedRows.baseTable(dataset.substring(table));
    }

    private record DatasetName(String namespace, String dataset) {}

    private record Dataset(Node node, Map<String, Node> columns) {}
}
