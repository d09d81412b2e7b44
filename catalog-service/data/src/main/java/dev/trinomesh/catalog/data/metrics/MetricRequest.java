package dev.trinomesh.catalog.data.metrics;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** {@code GET /v1/metrics/{product}/{metric}?by=&from=&to=}: the dimensions to group by (all when empty) and the time range. */
public record MetricRequest(String product, String metric, List<String> by, Optional<String> from, Optional<String> to, int limit)
{
    public MetricRequest
    {
        requireNonNull(product, "product is null");
        requireNonNull(metric, "metric is null");
        by = List.copyOf(by);
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
    }
}
