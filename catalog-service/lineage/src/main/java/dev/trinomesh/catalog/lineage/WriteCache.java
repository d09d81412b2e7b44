package dev.trinomesh.catalog.lineage;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What ingestion knows to be stored already, so that a batch writes only what is new: nodes (verified against
 * their stored names), query texts, and edges with the last_seen last written. Most events repeat edges seen a moment ago;
 * writing last_seen for each would turn every event into a dozen row updates, so an edge is touched only when
 * its last_seen would move by {@link #EDGE_REFRESH} or more: last_seen and last_query_id may lag by that much.
 * Filled only after a transaction commits. Looked up dozens of times per event, so plain concurrent maps rather
 * than an LRU cache; a map that outgrows its bound is emptied, and the next batches write what they need again.
 */
final class WriteCache
{
    static final Duration EDGE_REFRESH = Duration.ofMinutes(1);
    private static final int MAX_NODES = 500_000;
    private static final int MAX_EDGES = 500_000;

    private static final int MAX_QUERIES = 100_000;

    private final Set<Long> nodes = ConcurrentHashMap.newKeySet();
    private final Set<String> queries = ConcurrentHashMap.newKeySet();
    private final Map<EdgeKey, Long> edgeLastSeenMillis = new ConcurrentHashMap<>();

    boolean hasNode(long id)
    {
        return nodes.contains(id);
    }

    void addNodes(Iterable<Long> ids)
    {
        if (nodes.size() > MAX_NODES) {
            nodes.clear();
        }
        ids.forEach(nodes::add);
    }

    boolean hasQuery(String hash)
    {
        return queries.contains(hash);
    }

    void addQueries(Iterable<String> hashes)
    {
        if (queries.size() > MAX_QUERIES) {
            queries.clear();
        }
        hashes.forEach(queries::add);
    }

    /** When the stored edge was last seen (epoch milliseconds), as far as this cache knows; null when not known to be stored. */
    Long edgeLastSeen(EdgeKey key)
    {
        return edgeLastSeenMillis.get(key);
    }

    void addEdge(EdgeKey key, long lastSeenMillis)
    {
        edgeLastSeenMillis.merge(key, lastSeenMillis, Math::max);
    }

    void trimEdges()
    {
        if (edgeLastSeenMillis.size() > MAX_EDGES) {
            edgeLastSeenMillis.clear();
        }
    }
}
