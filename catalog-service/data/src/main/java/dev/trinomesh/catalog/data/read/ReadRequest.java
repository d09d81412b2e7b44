package dev.trinomesh.catalog.data.read;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One read of {@code /v1/data/{product}/v{major}/{dataset}}: the query parameters ({@code fields}, {@code order} and
 * filters; none with a cursor, which carries its query), the cursor of the page to read, and the most rows to return.
 */
public record ReadRequest(String product, int major, String dataset, Map<String, List<String>> parameters, Optional<String> cursor, long limit)
{
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
