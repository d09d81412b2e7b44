package dev.trinomesh.catalog.data.request;

import java.util.List;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * One condition on a contracted column, with the caller's values as they were sent: they are checked against the
 * column's type when the filter is made, and written as typed literals only when it is compiled.
 */
public record Filter(String column, FilterOperator operator, List<String> values)
{
    public Filter
    {
        requireNonNull(column, "column is null");
        requireNonNull(operator, "operator is null");
        values = List.copyOf(values);
    }

    /** The condition in SQL; the values must be of {@code type} (the parser has checked them). */
    public String sql(ContractType type)
    {
        String name = identifier(column);
        return switch (operator) {
            case EQ -> "%s = %s".formatted(name, type.literal(values.getFirst()));
            case NE -> "%s <> %s".formatted(name, type.literal(values.getFirst()));
            case LT -> "%s < %s".formatted(name, type.literal(values.getFirst()));
            case LE -> "%s <= %s".formatted(name, type.literal(values.getFirst()));
            case GT -> "%s > %s".formatted(name, type.literal(values.getFirst()));
            case GE -> "%s >= %s".formatted(name, type.literal(values.getFirst()));
            case IN -> "%s IN (%s)".formatted(name, values.stream().map(type::literal).collect(joining(", ")));
            case BETWEEN -> "%s BETWEEN %s AND %s".formatted(name, type.literal(values.get(0)), type.literal(values.get(1)));
            case IS_NULL -> Boolean.parseBoolean(values.getFirst()) ? name + " IS NULL" : name + " IS NOT NULL";
            case LIKE -> "%s LIKE %s ESCAPE '\\'".formatted(name, type.literal(values.getFirst()));
        };
    }
}
