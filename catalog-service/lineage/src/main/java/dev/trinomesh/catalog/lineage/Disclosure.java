package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.lineage.LineageEdge;
import dev.trinomesh.api.lineage.LineageNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What one answer shows of the graph to one caller. A node whose dataset they may not see is shown without a name:
 * no namespace or product, its dataset {@code restricted-N} and a column of it {@code restricted-N}, numbered in the
 * order the answer meets them, so that distinct hidden nodes stay distinct and walks and counts stay true. An edge is
 * shown with its hidden end restricted, and not at all when both ends are hidden.
 */
final class Disclosure
{
    static final String RESTRICTED = "restricted";

    private final NodeVisibility visibility;
    private final ProductIndex products;
    private final Map<Long, String> hiddenDatasets = new HashMap<>();
    private final Map<Long, String> hiddenColumns = new HashMap<>();

    Disclosure(NodeVisibility visibility, ProductIndex products)
    {
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.products = requireNonNull(products, "products is null");
    }

    boolean visible(Node node)
    {
        return visibility.visible(node);
    }

    LineageNode node(Node node, int depth)
    {
        if (!visible(node)) {
            return new LineageNode(null, hiddenDataset(node), node.isColumn() ? hiddenColumn(node) : null, null, depth);
        }
        return new LineageNode(node.namespace(), node.dataset(), node.isColumn() ? node.column() : null, product(node), depth);
    }

    /** The edge as shown: empty when neither end may be seen. */
    Optional<LineageEdge> edge(EdgeRow edge, Map<Long, Node> names)
    {
        Node source = requireNonNull(names.get(edge.sourceId()), "edge source is not a stored node");
        Node target = requireNonNull(names.get(edge.targetId()), "edge target is not a stored node");
        if (!visible(source) && !visible(target)) {
            return Optional.empty();
        }
        LineageNode from = node(source, 0);
        LineageNode to = node(target, 0);
        return Optional.of(new LineageEdge(
                from.namespace(), from.dataset(), from.column(),
                to.namespace(), to.dataset(), to.column(),
                edge.kind().name(), edge.firstSeen(), edge.lastSeen(), edge.lastQueryId()));
    }

    /** Whether product {@code product} may be named to the caller. */
    boolean visibleProduct(String product)
    {
        return visibility.canSeeProduct(product);
    }

    /** The product of a visible node, when the caller may see it. */
    String product(Node node)
    {
        String product = products.productOf(node.namespace(), node.dataset());
        return product != null && visibility.canSeeProduct(product) ? product : null;
    }

    String hiddenDataset(Node node)
    {
        return hiddenDatasets.computeIfAbsent(node.datasetId(), _ -> RESTRICTED + "-" + (hiddenDatasets.size() + 1));
    }

    String hiddenColumn(Node node)
    {
        return hiddenColumns.computeIfAbsent(node.id(), _ -> RESTRICTED + "-" + (hiddenColumns.size() + 1));
    }
}
