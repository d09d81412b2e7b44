package dev.trinomesh.catalog.lineage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nodes by name, so that a name seen before is not hashed again: SHA-256 of some thirty names is the costliest
 * part of deriving an event's rows, and recurring queries name the same datasets and columns again and again.
 * Bounded: emptied when it outgrows {@link #MAX_DATASETS} datasets.
 */
final class NodeNames
{
    private static final int MAX_DATASETS = 100_000;

    private final Map<DatasetName, Dataset> datasets = new ConcurrentHashMap<>();

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
        return datasets.computeIfAbsent(new DatasetName(namespace, dataset), name -> new Dataset(Node.dataset(name.namespace(), name.dataset()), new ConcurrentHashMap<>()));
    }

    private record DatasetName(String namespace, String dataset) {}

    private record Dataset(Node node, Map<String, Node> columns) {}
}
