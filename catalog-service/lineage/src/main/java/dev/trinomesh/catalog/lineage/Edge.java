package dev.trinomesh.catalog.lineage;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** An edge as one event (or the registry) saw it: data flows from {@code source} to {@code target}. */
record Edge(Node source, Node target, EdgeKind kind, Instant seen, String queryId)
{
    Edge
    {
        requireNonNull(source, "source is null");
        requireNonNull(target, "target is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(seen, "seen is null");
    }

    EdgeKey key()
    {
        return new EdgeKey(target.id(), source.id(), kind);
    }
}
