package dev.trinomesh.catalog.lineage;

import java.util.Comparator;

/** The primary key of an edge row; its order is the order in which a transaction writes (and locks) edges. */
record EdgeKey(long targetId, long sourceId, EdgeKind kind)
        implements Comparable<EdgeKey>
{
    private static final Comparator<EdgeKey> ORDER = Comparator.comparingLong(EdgeKey::targetId)
            .thenComparingLong(EdgeKey::sourceId)
            .thenComparing(EdgeKey::kind);

    @Override
    public int compareTo(EdgeKey other)
    {
        return ORDER.compare(this, other);
    }
}
