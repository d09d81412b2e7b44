package dev.trinomesh.catalog.lineage;

import com.google.common.hash.Hashing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A dataset ({@code column} empty) or a column of the lineage graph, with its id: 63 bits of the SHA-256 of
 * its name. Ids are derived, not assigned, so ingestion never looks one up; a cryptographic hash makes a
 * collision (which ingestion detects and refuses) practically impossible, even for crafted names.
 */
public final class Node
{
    private final String namespace;
    private final String dataset;
    private final String column;
    private final long id;
    private final long datasetId;

    private Node(String namespace, String dataset, String column, long id, long datasetId)
    {
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.dataset = requireNonNull(dataset, "dataset is null");
        this.column = requireNonNull(column, "column is null");
        this.id = id;
        this.datasetId = datasetId;
    }

    public static Node dataset(String namespace, String dataset)
    {
        long id = idOf(namespace, dataset, "");
        return new Node(namespace, dataset, "", id, id);
    }

    public static Node column(String namespace, String dataset, String column)
    {
        return new Node(namespace, dataset, column, idOf(namespace, dataset, column), idOf(namespace, dataset, ""));
    }

    /** A column of this dataset. */
    public Node column(String column)
    {
        if (isColumn()) {
            throw new IllegalStateException("%s is a column, not a dataset".formatted(this));
        }
        return new Node(namespace, dataset, column, idOf(namespace, dataset, column), id);
    }

    /** A dataset ({@code column} empty) or a column. */
    public static Node of(String namespace, String dataset, String column)
    {
        return column.isEmpty() ? dataset(namespace, dataset) : column(namespace, dataset, column);
    }

    public String namespace()
    {
        return namespace;
    }

    public String dataset()
    {
        return dataset;
    }

    /** The column's name; empty for a dataset. */
    public String column()
    {
        return column;
    }

    public long id()
    {
        return id;
    }

    /** The id of the column's dataset; the node's own id for a dataset. */
    public long datasetId()
    {
        return datasetId;
    }

    public boolean isColumn()
    {
        return !column.isEmpty();
    }

    /** The column's dataset, or this node when it is a dataset. */
    public Node datasetNode()
    {
        return isColumn() ? new Node(namespace, dataset, "", datasetId, datasetId) : this;
    }

    @Override
    public boolean equals(Object other)
    {
        // Names too: a node read back under a colliding id must not pass for the one hashed.
        return other instanceof Node node && node.id == id && node.namespace.equals(namespace) && node.dataset.equals(dataset) && node.column.equals(column);
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(id);
    }

    @Override
    public String toString()
    {
        return namespace + ":" + dataset + (isColumn() ? "." + column : "");
    }

    static long idOf(String namespace, String dataset, String column)
    {
        // Lengths first, so that no two different names hash the same bytes.
        return Hashing.sha256().newHasher()
                .putInt(namespace.length()).putString(namespace, UTF_8)
                .putInt(dataset.length()).putString(dataset, UTF_8)
                .putInt(column.length()).putString(column, UTF_8)
                .hash().asLong() & Long.MAX_VALUE;
    }
}
