package dev.trinomesh.catalog.portal.view;

import java.util.List;
import java.util.Optional;

/** A dataset's (or column's) upstream and downstream, drawn as a graph and listed for keyboards and screen readers. */
public record LineagePage(
        Frame frame,
        String product,
        String dataset,
        Optional<String> column,
        List<ColumnLink> columns,
        String productUrl,
        String graphUrl,
        Optional<String> unavailable,
        LineageView lineage)
{
    public record ColumnLink(String name, String url, boolean selected) {}

    /** Nodes and edges as the graph script reads them from JSON and the page lists them. */
    public record LineageView(List<Node> nodes, List<Edge> edges, boolean truncated)
    {
        public LineageView
        {
            nodes = List.copyOf(nodes);
            edges = List.copyOf(edges);
        }
    }

    /** {@code group} is the product that owns the node (or its catalog and schema), {@code restricted} a node the viewer may not see. */
    public record Node(String id, String label, String group, String dataset, String column, String side, boolean restricted) {}

    public record Edge(String source, String target, String kind) {}
}
