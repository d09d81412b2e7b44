package dev.trinomesh.catalog.data.mcp;

import com.google.inject.Inject;
import dev.trinomesh.api.lineage.LineageGraph;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.data.DataConfig;
import dev.trinomesh.catalog.data.read.ServedTables;
import dev.trinomesh.catalog.lineage.api.LineageReads;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.trinomesh.catalog.data.mcp.Schemas.integer;
import static dev.trinomesh.catalog.data.mcp.Schemas.object;
import static dev.trinomesh.catalog.data.mcp.Schemas.oneOf;
import static dev.trinomesh.catalog.data.mcp.Schemas.string;
import static java.util.Objects.requireNonNull;

/**
 * {@code dataset_lineage}: where a dataset's data comes from and where it goes, from the lineage store as the caller
 * may see it ({@code /v1/lineage}'s rule: an end they may not see is {@code restricted-N}, without a name). Lineage
 * may not be deployed; the tool then says so. Each side holds at most {@code data.mcp.max-rows} nodes and as many
 * edges, with {@code truncated} saying whether the walk or the answer was cut.
 */
public final class DatasetLineageTool
        implements McpTool
{
    public static final String NAME = "dataset_lineage";
    private static final int DEFAULT_DEPTH = 3;

    private final Optional<LineageReads> lineage;
    private final ServedTables tables;
    private final Visibility visibility;
    private final String meshCatalog;
    private final int maxRows;

    @Inject
    public DatasetLineageTool(Optional<LineageReads> lineage, ServedTables tables, Visibility visibility, DataConfig config)
    {
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.meshCatalog = config.getMeshCatalog();
        this.maxRows = config.getMcpMaxRows();
    }

    @Override
    public McpSchema.Tool definition()
    {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("product", string("The product's name"));
        properties.put("dataset", string("The dataset's name"));
        properties.put("column", string("One column of the dataset, for column-level lineage (default: the whole dataset)"));
        properties.put("direction", oneOf("upstream (where the data comes from), downstream (what is made from it) or both (default)", List.of("upstream", "downstream", "both")));
        properties.put("depth", integer("Hops to follow from the dataset (default %s)".formatted(DEFAULT_DEPTH), 1, LineageReads.MAX_DEPTH));
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("A dataset's lineage")
                .description("""
                        Where a dataset's (or one column's) data comes from, upstream, and what is made from it, \
                        downstream, as recorded from the queries Trino ran and the products' contracts: nodes (tables \
                        and columns named catalog.schema.table, with their product) and edges (kind DIRECT, INDIRECT, \
                        VIEW or CONTRACT). Datasets you may not see appear as restricted-N, without a name.""")
                .inputSchema(object(properties, List.of("product", "dataset")))
                .annotations(McpTool.readOnly("A dataset's lineage"))
                .build();
    }

    @Override
    public Object call(ToolCaller caller, ToolArguments arguments)
    {
        String productName = arguments.required("product", "the product whose dataset it is");
        String datasetName = arguments.required("dataset", "the dataset whose lineage to show");
        Optional<String> column = arguments.text("column");
        String direction = arguments.text("direction").orElse("both");
        if (!List.of("upstream", "downstream", "both").contains(direction)) {
            arguments.violation("direction", direction, "must be upstream, downstream or both");
        }
        int depth = arguments.integer("depth", 1, LineageReads.MAX_DEPTH).orElse(DEFAULT_DEPTH);
        arguments.check();
        LineageReads reads = lineage.orElseThrow(() -> ServiceException.notDeployed("The lineage store", "lineage.enabled"));

        // The product and dataset as the data API knows them: one the caller may not see is one that does not exist.
        Viewer viewer = visibility.viewer(caller.user());
        ProductRecord product = tables.product(viewer, productName);
        Dataset dataset = product.descriptor().spec().dataset(datasetName)
                .orElseThrow(() -> ServiceException.notFound("product '%s' has no dataset '%s'; its datasets are %s".formatted(
                        productName, datasetName, String.join(", ", product.descriptor().spec().datasets().stream().map(Dataset::name).toList()))));
        if (column.isPresent() && dataset.columns().stream().noneMatch(candidate -> candidate.name().equals(column.orElseThrow()))) {
            throw ServiceException.notFound("dataset '%s' of product '%s' has no column '%s'".formatted(datasetName, productName, column.orElseThrow()));
        }

        String root = "%s.%s.%s".formatted(meshCatalog, product.name(), dataset.name());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dataset", root);
        answer.put("column", column.orElse(null));
        answer.put("depth", depth);
        boolean truncated = false;
        if (!direction.equals("downstream")) {
            truncated |= side(answer, "upstream", reads.graph(viewer, true, root, column, depth));
        }
        if (!direction.equals("upstream")) {
            truncated |= side(answer, "downstream", reads.graph(viewer, false, root, column, depth));
        }
        answer.put("truncated", truncated);
        return answer;
    }

    /** Puts one direction's nodes and edges, each cut to the most rows; whether anything was left out. */
    private boolean side(Map<String, Object> answer, String name, LineageGraph graph)
    {
        boolean cut = graph.nodes().size() > maxRows || graph.edges().size() > maxRows;
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("nodes", graph.nodes().subList(0, Math.min(maxRows, graph.nodes().size())));
        side.put("edges", graph.edges().subList(0, Math.min(maxRows, graph.edges().size())));
        side.put("truncated", graph.truncated() || cut);
        answer.put(name, side);
        return graph.truncated() || cut;
    }
}
