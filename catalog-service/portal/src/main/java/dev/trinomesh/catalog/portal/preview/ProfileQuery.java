package dev.trinomesh.catalog.portal.preview;

import dev.trinomesh.api.model.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;
import static java.util.Objects.requireNonNull;

/**
 * One query that profiles a sample of a dataset, column by column: nulls, an estimate of distinct values, the least
 * and greatest value and the most frequent ones. Which of these a column gets depends on its contract type: Trino
 * orders and counts scalars, not arrays, maps or rows, of which only nulls are counted.
 */
final class ProfileQuery
{
    private static final Pattern SCALAR = Pattern.compile("(tinyint|smallint|integer|int|bigint|real|double|decimal.*|varchar.*|char.*|date|time.*|timestamp.*|boolean|uuid)");
    private static final Pattern ORDERED = Pattern.compile("(tinyint|smallint|integer|int|bigint|real|double|decimal.*|varchar.*|char.*|date|time.*|timestamp.*)");

    private final List<Column> columns;
    private final String sql;

    ProfileQuery(String table, List<Column> columns, long sampleRows)
    {
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        List<String> selected = new ArrayList<>();
        List<String> measures = new ArrayList<>();
        measures.add("count(*)");
        for (Column column : columns) {
            String name = identifier(column.name());
            selected.add(name);
            String type = column.type().toLowerCase(Locale.ROOT).strip();
            measures.add("count_if(%s IS NULL)".formatted(name));
            boolean scalar = SCALAR.matcher(type).matches();
            boolean ordered = ORDERED.matcher(type).matches();
            measures.add(scalar ? "approx_distinct(%s)".formatted(name) : "NULL");
            measures.add(ordered ? "CAST(min(%s) AS varchar)".formatted(name) : "NULL");
            measures.add(ordered ? "CAST(max(%s) AS varchar)".formatted(name) : "NULL");
            measures.add(scalar ? "approx_most_frequent(5, CAST(%s AS varchar), 1000)".formatted(name) : "NULL");
        }
        this.sql = "SELECT %s FROM (SELECT %s FROM %s LIMIT %s)".formatted(String.join(", ", measures), String.join(", ", selected), table, sampleRows);
    }

    String sql()
    {
        return sql;
    }

    List<Column> columns()
    {
        return columns;
    }

    /** Each column's five measures follow the row count, in column order. */
    static int firstMeasure(int column)
    {
        return 2 + column * 5;
    }
}
