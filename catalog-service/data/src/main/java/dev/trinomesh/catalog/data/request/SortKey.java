package dev.trinomesh.catalog.data.request;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;
import static java.util.Objects.requireNonNull;

/** A column rows are ordered by; nulls always come last, so that a page's position is a plain comparison. */
public record SortKey(String column, boolean descending)
{
    public SortKey
    {
        requireNonNull(column, "column is null");
    }

    public String sql()
    {
        return "%s %s NULLS LAST".formatted(identifier(column), descending ? "DESC" : "ASC");
    }

    public String wireName()
    {
        return descending ? column + ".desc" : column;
    }
}
