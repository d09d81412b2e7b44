package dev.trinomesh.catalog.data.cursor;

import dev.trinomesh.catalog.data.request.ReadQuery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Where the next page of a read starts: who reads, which dataset at which major, the query, the Iceberg snapshot every
 * page reads (null for a dataset defined by SQL, which has none) and the position after the last row returned, as the
 * values of the sort keys of that row ({@code after}) or, for a dataset without unique columns, as a row count
 * ({@code offset}). Signed, so a caller can neither forge nor alter it; bound to its caller and valid until {@code expires}.
 */
public record Cursor(
        String user,
        String product,
        int major,
        String dataset,
        Long snapshot,
        ReadQuery query,
        List<String> after,
        long offset,
        long expires)
{
    public Cursor
    {
        requireNonNull(user, "user is null");
        requireNonNull(product, "product is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(query, "query is null");
        // A sort key's value may be null (nulls sort last), so the list may hold nulls.
        after = after == null ? null : Collections.unmodifiableList(new ArrayList<>(after));
    }
}
