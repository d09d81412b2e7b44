package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.QualifiedTableName;

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
            return "SELECT %s FROM %s".formatted(columns, QualifiedTableName.parse(dataset.source().table()).quoted());
        }
        return "SELECT %s FROM (\n%s\n) source".formatted(columns, dataset.source().sql().strip());
    }

    static String quote(String identifier)
    {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
