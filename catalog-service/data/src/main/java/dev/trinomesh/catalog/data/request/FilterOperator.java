package dev.trinomesh.catalog.data.request;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A filter's operator, as the request names it after the column: {@code totalprice.gt=1000}. */
public enum FilterOperator
{
    EQ("equal to the value"),
    NE("not equal to the value (rows where the column is null are left out, as in SQL)"),
    LT("less than the value"),
    LE("less than or equal to the value"),
    GT("greater than the value"),
    GE("greater than or equal to the value"),
    IN("one of the values: comma-separated (a comma in a value written \\,), or the parameter repeated"),
    BETWEEN("between two values, both included: low,high"),
    IS_NULL("null when true, not null when false"),
    LIKE("matching a SQL LIKE pattern (% any text, _ one character, \\ escapes them); text columns only");

    private final String description;

    FilterOperator(String description)
    {
        this.description = description;
    }

    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description()
    {
        return description;
    }

    public static Optional<FilterOperator> fromWireName(String name)
    {
        return Arrays.stream(values()).filter(operator -> operator.wireName().equals(name)).findFirst();
    }

    public static String wireNames()
    {
        return String.join(", ", Arrays.stream(values()).map(FilterOperator::wireName).toList());
    }
}
