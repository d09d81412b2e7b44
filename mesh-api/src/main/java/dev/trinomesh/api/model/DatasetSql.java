package dev.trinomesh.api.model;

import dev.trinomesh.api.policy.SqlLiterals;

import java.util.OptionalLong;

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
        return select(dataset, OptionalLong.empty());
    }

    /** The query, reading the source table at {@code snapshot} when one is given (a release's pinned Iceberg snapshot). */
    public static String select(Dataset dataset, OptionalLong snapshot)
    {
        String columns = dataset.columns().stream()
                .map(Column::name)
                .map(SqlLiterals::identifier)
                .collect(joining(", "));
        if (snapshot.isPresent() && !dataset.source().hasTable()) {
            throw new IllegalArgumentException("only a table source can be read at a snapshot");
        }
        // A bigint literal whatever the id: a small one would be an integer, a type Iceberg refuses as a snapshot id.
        String version = snapshot.isPresent() ? " FOR VERSION AS OF BIGINT '%s'".formatted(snapshot.orElseThrow()) : "";
        return "SELECT %s FROM %s%s".formatted(columns, source(dataset), version);
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
