package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.DataProduct;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.QualifiedTableName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The CONTRACT edges of a product: a served dataset whose source is a table reads each contracted column from
 * that table's column of the same name, so {@code source.column → mesh.PRODUCT.DATASET.column}, plus the
 * dataset-level edge between the two. SQL-defined datasets get no CONTRACT edges; queries through them
 * record VIEW edges instead.
 */
final class ContractEdges
{
    private ContractEdges() {}

    static List<Edge> of(DataProduct product, String namespace, String meshCatalog, Instant seen)
    {
        if (product.metadata().status() == null || !product.metadata().status().isServed()) {
            return List.of();
        }
        List<Edge> edges = new ArrayList<>();
        for (Dataset dataset : product.spec().datasets()) {
            if (!dataset.source().hasTable()) {
                continue;
            }
            QualifiedTableName table = QualifiedTableName.parse(dataset.source().table());
            Node source = Node.dataset(namespace, table.catalog() + "." + table.schema() + "." + table.table());
            Node target = Node.dataset(namespace, meshCatalog + "." + product.name() + "." + dataset.name());
            edges.add(new Edge(source, target, EdgeKind.CONTRACT, seen, null));
            for (Column column : dataset.columns()) {
                edges.add(new Edge(source.column(column.name()), target.column(column.name()), EdgeKind.CONTRACT, seen, null));
            }
        }
        return edges;
    }
}
