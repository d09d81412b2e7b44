package dev.trinomesh.catalog.core.database;

import org.jdbi.v3.core.statement.Query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The optional filters of a list query: each condition joins the WHERE clause, with its parameter bound,
 * only when its value is given. Appended after a WHERE that always holds ({@code WHERE 1 = 1}) or a fixed
 * condition, so that the query text and its bindings cannot disagree.
 */
public final class OptionalConditions
{
    private final StringBuilder sql = new StringBuilder();
    private final Map<String, Object> bindings = new LinkedHashMap<>();

    /** Adds {@code AND condition}, binding {@code :parameter} to the value, when {@code value} is present. */
    public OptionalConditions and(String condition, String parameter, Optional<?> value)
    {
        value.ifPresent(present -> {
            sql.append(" AND ").append(condition);
            bindings.put(parameter, present);
        });
        return this;
    }

    /** The conditions given, each as {@code " AND condition"}; empty when none was. */
    public String sql()
    {
        return sql.toString();
    }

    public Query bind(Query query)
    {
        bindings.forEach(query::bind);
        return query;
    }
}
