package dev.trinomesh.api.model;

import dev.trinomesh.api.policy.SqlLiterals;

import static java.util.stream.Collectors.joining;

/**
 * The query a dataset stands for: its contracted columns, in contract order, selected from its source.
 * Nothing else (no casts): Trino coerces a view's columns to the declared types, and a query on the
 * dataset plans exactly like a query on its source. The mesh connector serves it as the dataset's view;
 * the quality checks measure it.
 */
public final class DatasetSql
{
    private DatasetSql() {}

    public static String select(Dataset dataset)
    {
        String columns = dataset.columns().stream()
                .map(Column::name)
                .map(SqlLiterals::identifier)
                .collect(joining(", "));
        return "SELECT %s FROM %s".formatted(columns, source(dataset));
    }

    /** The source as a relation: the quoted table name, or the SQL as a subquery named {@code source}. */
    public static String source(Dataset dataset)
    {
        if (dataset.source().hasTable()) {
            return QualifiedTableName.parse(dataset.source().table()).quoted();
        }
        return "(\n%s\n) source".formatted(dataset.source().sql().strip());
    }
}
