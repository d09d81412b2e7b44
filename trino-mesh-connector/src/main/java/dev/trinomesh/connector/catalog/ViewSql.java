package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;

import java.util.ArrayList;
import java.util.List;

import static java.util.stream.Collectors.joining;

/**
 * The SQL of a dataset's view: the contracted columns, in contract order, selected from the source.
 * Nothing else (no casts): Trino coerces to the declared types and inlines the view, so a query on
 * the dataset plans exactly like a query on its source.
 */
final class ViewSql
{
    private ViewSql() {}

    static String of(Dataset dataset)
    {
        String columns = dataset.columns().stream()
                .map(Column::name)
                .map(ViewSql::quote)
                .collect(joining(", "));
        if (dataset.source().hasTable()) {
            return "SELECT %s FROM %s".formatted(columns, qualifiedName(dataset.source().table()));
        }
        return "SELECT %s FROM (\n%s\n) source".formatted(columns, dataset.source().sql().strip());
    }

    /** Re-quotes each part of {@code catalog.schema.table}; parts may already be double-quoted. */
    static String qualifiedName(String table)
    {
        return splitQualifiedName(table).stream().map(ViewSql::quote).collect(joining("."));
    }

    static List<String> splitQualifiedName(String table)
    {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < table.length(); i++) {
            char c = table.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < table.length() && table.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                }
                else {
                    quoted = !quoted;
                }
            }
            else if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            }
            else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    static String quote(String identifier)
    {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
