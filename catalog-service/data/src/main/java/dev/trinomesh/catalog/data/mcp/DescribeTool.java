package dev.trinomesh.catalog.data.mcp;

import com.google.inject.Inject;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.data.read.ServedTables;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.trinomesh.catalog.data.mcp.Schemas.object;
import static dev.trinomesh.catalog.data.mcp.Schemas.string;
import static java.util.Objects.requireNonNull;

/**
 * {@code describe}: a product's contract as the data API serves it (its metadata, datasets, typed and classified
 * columns, metric blocks) with the data API's address of each dataset and whether the caller may read it. A product
 * the caller may not see is answered exactly as one that does not exist, as the data API answers it.
 */
public final class DescribeTool
        implements McpTool
{
    public static final String NAME = "describe";

    private final ServedTables tables;
    private final Visibility visibility;

    @Inject
    public DescribeTool(ServedTables tables, Visibility visibility)
    {
        this.tables = requireNonNull(tables, "tables is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    @Override
    public McpSchema.Tool definition()
    {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("product", string("The product's name, as search_products gives it"));
        properties.put("dataset", string("One dataset of the product to describe; all of them when not given"));
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Describe a data product")
                .description("""
                        The contract of a data product: its domain, owner, version, status and description, and each \
                        dataset's columns with their types, descriptions and classifications (pii, confidential...), \
                        which columns identify a row (unique), its metric block (measure, unit, dimensions, grain) if it \
                        is a business metric, whether you may read it, and its address in the data API. Read rows with \
                        read_dataset and metrics with query_metric.""")
                .inputSchema(object(properties, List.of("product")))
                .annotations(McpTool.readOnly("Describe a data product"))
                .build();
    }

    @Override
    public Object call(ToolCaller caller, ToolArguments arguments)
    {
        String name = arguments.required("product", "the product to describe");
        Optional<String> only = arguments.text("dataset");
        arguments.check();

        Viewer viewer = visibility.viewer(caller.user());
        ProductRecord product = tables.product(viewer, name);
        List<Dataset> datasets = product.descriptor().spec().datasets();
        if (only.isPresent()) {
            datasets = datasets.stream().filter(dataset -> dataset.name().equals(only.orElseThrow())).toList();
            if (datasets.isEmpty()) {
                throw ServiceException.notFound("product '%s' (version %s) has no dataset '%s'; its datasets are %s".formatted(
                        name, product.metadata().version(), only.orElseThrow(), String.join(", ", product.descriptor().spec().datasets().stream().map(Dataset::name).toList())));
            }
        }
        int major = ServedTables.majorOf(product.metadata().version());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("product", product.name());
        answer.put("domain", product.metadata().domain());
        answer.put("owner", product.metadata().owner());
        answer.put("version", product.metadata().version());
        answer.put("major", major);
        answer.put("status", product.status().wireName());
        answer.put("description", product.metadata().description());
        answer.put("tags", product.metadata().tags());
        answer.put("updatedAt", product.updatedAt().toString());
        answer.put("datasets", datasets.stream().map(dataset -> dataset(caller, viewer, product, major, dataset)).toList());
        return answer;
    }

    private static Map<String, Object> dataset(ToolCaller caller, Viewer viewer, ProductRecord product, int major, Dataset dataset)
    {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", dataset.name());
        described.put("description", dataset.description());
        described.put("owner", dataset.effectiveOwner(product.metadata().owner()));
        described.put("readable", viewer.canRead(product.name(), dataset.name()));
        described.put("dataApi", caller.url("/v1/data/%s/v%s/%s".formatted(product.name(), major, dataset.name())));
        if (dataset.hasMetric()) {
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("measure", dataset.metric().measure());
            metric.put("unit", dataset.metric().unit());
            metric.put("dimensions", dataset.metric().dimensions());
            metric.put("grain", dataset.metric().grain());
            metric.put("metricsApi", caller.url("/v1/metrics/%s/%s".formatted(product.name(), dataset.name())));
            described.put("metric", metric);
        }
        described.put("columns", dataset.columns().stream().map(DescribeTool::column).toList());
        if (dataset.freshness() != null) {
            Map<String, Object> freshness = new LinkedHashMap<>();
            freshness.put("column", dataset.freshness().column());
            freshness.put("maxAge", dataset.freshness().maxAge());
            described.put("freshness", freshness);
        }
        return described;
    }

    private static Map<String, Object> column(Column column)
    {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", column.name());
        described.put("type", column.type());
        described.put("required", column.required());
        described.put("unique", column.unique());
        described.put("description", column.description());
        described.put("classification", column.classification());
        return described;
    }
}
