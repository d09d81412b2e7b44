package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a dataset's rows come from: exactly one of a fully qualified table
 * ({@code catalog.schema.table}) or a SQL query.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSource(String table, String sql)
{
    public DatasetSource
    {
        if ((table == null) == (sql == null)) {
            throw new IllegalArgumentException("exactly one of source.table and source.sql must be set");
        }
    }

    public static DatasetSource ofTable(String table)
    {
        return new DatasetSource(table, null);
    }

    public static DatasetSource ofSql(String sql)
    {
        return new DatasetSource(null, sql);
    }

    public boolean hasTable()
    {
        return table != null;
    }
}
