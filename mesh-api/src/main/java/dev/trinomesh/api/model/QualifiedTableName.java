package dev.trinomesh.api.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;
import static java.util.Objects.requireNonNull;

/**
 * A {@code catalog.schema.table} name as Trino resolves it: unquoted parts are lower-cased, quoted
 * parts ({@code "..."}, with {@code ""} for a quote) are taken as written and may contain dots.
 */
public record QualifiedTableName(String catalog, String schema, String table)
{
    public QualifiedTableName
    {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
    }

    /** Parses a name the descriptor validator accepted; fails when it does not have three parts. */
    public static QualifiedTableName parse(String name)
    {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                }
                else {
                    quoted = !quoted;
                    wasQuoted = true;
                }
            }
            else if (c == '.' && !quoted) {
                parts.add(wasQuoted ? part.toString() : part.toString().toLowerCase(Locale.ROOT));
                part.setLength(0);
                wasQuoted = false;
            }
            else {
                part.append(c);
            }
        }
        parts.add(wasQuoted ? part.toString() : part.toString().toLowerCase(Locale.ROOT));
        if (parts.size() != 3 || quoted) {
            throw new IllegalArgumentException("not a catalog.schema.table name: " + name);
        }
        return new QualifiedTableName(parts.get(0), parts.get(1), parts.get(2));
    }

    /** The name with every part quoted, for SQL. */
    public String quoted()
    {
        return identifier(catalog) + "." + identifier(schema) + "." + identifier(table);
    }
}
