package dev.trinomesh.catalog.data.read;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One read of {@code /v1/data/{product}/v{major}/{dataset}}: the query parameters ({@code fields}, {@code order} and
 * filters; none with a cursor, which carries its query), the cursor of the page to read, the most rows to return, and
 * whether it is a bulk stream. A page's query carries its {@code LIMIT}; a stream's does not: Trino plans an ordered
 * query with a large {@code LIMIT} as a TopN, which returns nothing until it has read every row, where a plain
 * {@code ORDER BY} is a merge that streams (the service stops reading at the limit and closes, which cancels the rest).
 */
public record ReadRequest(String product, int major, String dataset, Map<String, List<String>> parameters, Optional<String> cursor, long limit, boolean stream)
{
    /** A page: its query bounded by {@code LIMIT}. */
    public ReadRequest(String product, int major, String dataset, Map<String, List<String>> parameters, Optional<String> cursor, long limit)
    {
        this(product, major, dataset, parameters, cursor, limit, false);
    }

    public ReadRequest
    {
        requireNonNull(product, "product is null");
        requireNonNull(dataset, "dataset is null");
        parameters = Map.copyOf(parameters);
        requireNonNull(cursor, "cursor is null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
