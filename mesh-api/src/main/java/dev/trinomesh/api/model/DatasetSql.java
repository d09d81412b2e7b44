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
        String columns = columns(dataset);
        if (snapshot.isPresent() && !dataset.source().hasTable()) {
            throw new IllegalArgumentException("only a table source can be read at a snapshot");
        }
        // A bigint literal whatever the id: a small one would be an integer, a type Iceberg refuses as a snapshot id.
        String version = snapshot.isPresent() ? " FOR VERSION AS OF BIGINT '%s'".formatted(snapshot.orElseThrow()) : "";
        return "SELECT %s FROM %s%s".formatted(columns, source(dataset), version);
    }

    /**
     * The query restricted to the rows its source table gained after snapshot {@code from} up to snapshot {@code to}
     * ({@link ChangedRows}): Iceberg's {@code table_changes} of the source's catalog, inserted rows only, so that Trino
     * reads just the files those snapshots added. No rows when the two are the same snapshot.
     */
    public static String changes(Dataset dataset, long from, long to)
    {
        if (!dataset.source().hasTable()) {
            throw new IllegalArgumentException("only a table source has changes between snapshots");
        }
        QualifiedTableName table = QualifiedTableName.parse(dataset.source().table());
        if (from == to) {
            return select(dataset, OptionalLong.of(to)) + " WHERE false";
        }
        return "SELECT %s FROM TABLE(%s.system.table_changes(schema_name => %s, table_name => %s, start_snapshot_id => BIGINT '%s', end_snapshot_id => BIGINT '%s')) WHERE \"_change_type\" = 'insert'"
                .formatted(columns(dataset), SqlLiterals.identifier(table.catalog()), SqlLiterals.varchar(table.schema()), SqlLiterals.varchar(table.table()), from, to);
    }

    private static String columns(Dataset dataset)
    {
        return dataset.columns().stream()
                .map(Column::name)
                .map(SqlLiterals::identifier)
                .collect(joining(", "));
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
