package dev.trinomesh.api.policy;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Values as SQL literals. Every value a policy template receives goes through here: a quote is doubled,
 * so no value can end its literal, and nothing else in a string literal has meaning to the parser.
 */
public final class SqlLiterals
{
    private SqlLiterals() {}

    public static String varchar(String value)
    {
        if (value == null) {
            return "CAST(NULL AS varchar)";
        }
        return "'" + value.replace("'", "''") + "'";
    }

    public static String varcharArray(Collection<String> values)
    {
        if (values.isEmpty()) {
            return "CAST(ARRAY[] AS array(varchar))";
        }
        return values.stream().sorted().map(SqlLiterals::varchar).collect(Collectors.joining(", ", "ARRAY[", "]"));
    }

    /** A column or other identifier, always quoted. */
    public static String identifier(String name)
    {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
