package dev.trinomesh.api.lineage;

import java.util.List;

/**
 * The upstream or downstream neighbourhood of a node, breadth first to {@code depth} hops: every node reached
 * (at its least depth) and every edge walked. {@code truncated} says the node limit cut the walk short.
 */
public record LineageGraph(String direction, LineageNode root, int depth, List<LineageNode> nodes, List<LineageEdge> edges, boolean truncated)
{
    public LineageGraph
    {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }
}
