package dev.trinomesh.catalog.data.request;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a caller asked of a dataset, checked against its contract: the columns to return (in order), the filters (all
 * must hold) and the order. A cursor carries it, so every page of a read asks the same.
 */
public record ReadQuery(List<String> fields, List<Filter> filters, List<SortKey> order)
{
    public ReadQuery
    {
        requireNonNull(fields, "fields is null");
        fields = List.copyOf(fields);
        filters = List.copyOf(filters);
        order = List.copyOf(order);
    }
}
