package dev.trinomesh.catalog.data.mcp;

import com.google.inject.Inject;
import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.catalog.data.DataConfig;
import dev.trinomesh.catalog.data.metrics.MetricReads;
import dev.trinomesh.catalog.data.metrics.MetricRequest;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.trinomesh.catalog.data.mcp.Schemas.integer;
import static dev.trinomesh.catalog.data.mcp.Schemas.names;
import static dev.trinomesh.catalog.data.mcp.Schemas.object;
import static dev.trinomesh.catalog.data.mcp.Schemas.string;
import static java.util.Objects.requireNonNull;

/**
 * {@code query_metric}: a business metric of the semantic layer by some of its dimensions over a time range, read as
 * {@code GET /v1/metrics} reads it (in Trino as the caller), through {@link Door#MCP}. At most
 * {@code data.mcp.max-rows} rows, with {@code truncated} saying whether more matched.
 */
public final class QueryMetricTool
        implements McpTool
{
    public static final String NAME = "query_metric";

    private final MetricReads metrics;
    private final int maxRows;

    @Inject
    public QueryMetricTool(MetricReads metrics, DataConfig config)
    {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.maxRows = config.getMcpMaxRows();
    }

    @Override
    public McpSchema.Tool definition()
    {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("product", string("The product whose metric it is"));
        properties.put("metric", string("The metric: a dataset of the product with a metric block, as describe shows it"));
        properties.put("by", names("Dimensions to group by (default: all of the metric's); the measure is added up over the others"));
        properties.put("from", string("Start of the time range, inclusive, on the metric's date or timestamp dimension (e.g. 1995-01-01)"));
        properties.put("to", string("End of the time range, exclusive (e.g. 1996-01-01)"));
        properties.put("limit", integer("Most rows to return (default and most: %s)".formatted(maxRows), 1));
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Query a business metric")
                .description("""
                        Reads a business metric of a data product (its measure by its dimensions, e.g. net revenue by \
                        month) in Trino as you, grouped by the dimensions you name over a time range. The answer gives \
                        the measure's unit (e.g. USD) and time grain (e.g. month), the rows, and truncated (whether more \
                        rows matched). At most %s rows per call.""".formatted(maxRows))
                .inputSchema(object(properties, List.of("product", "metric")))
                .annotations(McpTool.readOnly("Query a business metric"))
                .build();
    }

    @Override
    public Object call(ToolCaller caller, ToolArguments arguments)
    {
        String product = arguments.required("product", "the product whose metric it is");
        String metric = arguments.required("metric", "the metric to read");
        List<String> by = arguments.list("by");
        Optional<String> from = arguments.text("from");
        Optional<String> to = arguments.text("to");
        int limit = Math.min(arguments.integer("limit", 1, Integer.MAX_VALUE).orElse(maxRows), maxRows);
        arguments.check();
        return metrics.read(caller.user(), Door.MCP, new MetricRequest(product, metric, by, from, to, limit));
    }
}
