package dev.trinomesh.catalog.data.format;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** What a response is: rows of one dataset of one product version, read at {@code snapshot} when it is pinned to one. */
public record PageHeader(String product, String dataset, String version, Long snapshot, List<ResultColumn> columns)
{
    public PageHeader
    {
        requireNonNull(product, "product is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(version, "version is null");
        columns = List.copyOf(columns);
    }
}
