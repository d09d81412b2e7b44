package dev.trinomesh.catalog.data.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A metric's values by the dimensions asked for: {@code rows} hold each combination of {@code by} with the measure,
 * in the order of {@code by}; {@code truncated} says whether more rows matched than were returned.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"product", "version", "metric", "description", "measure", "unit", "grain", "dimensions", "by", "from", "to", "rows", "rowCount", "truncated"})
public record MetricAnswer(
        String product,
        String version,
        String metric,
        String description,
        String measure,
        String unit,
        String grain,
        List<String> dimensions,
        List<String> by,
        String from,
        String to,
        List<Map<String, Object>> rows,
        int rowCount,
        boolean truncated)
{
    public MetricAnswer
    {
        requireNonNull(product, "product is null");
        requireNonNull(metric, "metric is null");
        requireNonNull(measure, "measure is null");
        dimensions = List.copyOf(dimensions);
        by = List.copyOf(by);
        // Values may be null: a metric without a value for a month is a row with a null measure.
        rows = List.copyOf(rows);
    }
}
