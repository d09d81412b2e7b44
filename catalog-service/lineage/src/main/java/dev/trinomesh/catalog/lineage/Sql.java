package dev.trinomesh.catalog.lineage;

import org.jdbi.v3.core.Jdbi;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

/** JDBC helpers the lineage SQL shares; the same statements run on H2 (PostgreSQL mode) and PostgreSQL. */
final class Sql
{
    private Sql() {}

    @FunctionalInterface
    interface ConnectionCallback<T>
    {
        T apply(Connection connection)
                throws SQLException;
    }

    /** Runs {@code callback} on a pooled connection (auto-commit: one consistent statement at a time is all reads need). */
    static <T> T read(Jdbi jdbi, ConnectionCallback<T> callback)
    {
        try {
            return jdbi.withHandle(handle -> callback.apply(handle.getConnection()));
        }
        catch (SQLException e) {
            throw new IllegalStateException("lineage store query failed: " + e.getMessage(), e);
        }
    }

    static void setTime(PreparedStatement statement, int index, Instant instant)
            throws SQLException
    {
        statement.setObject(index, instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Instant time(ResultSet row, String column)
            throws SQLException
    {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A BIGINT array for {@code = ANY(?)}: one statement per hop or lookup, whatever the number of ids. */
    static Array ids(Connection connection, Collection<Long> ids)
            throws SQLException
    {
        return connection.createArrayOf("bigint", ids.toArray(Long[]::new));
    }

    static Array uuids(Connection connection, Collection<UUID> ids)
            throws SQLException
    {
        return connection.createArrayOf("uuid", ids.toArray(UUID[]::new));
    }

    /** Free text is cut to what its column holds rather than failing a batch; the cut is marked. */
    static String bounded(String value, int maxLength)
    {
        if (value == null || value.length() <= maxLength) {
            return value;
        }
        return value.substring(0, maxLength - 1) + "…";
    }

    /** A LIKE pattern for names starting with {@code prefix}; use with {@code ESCAPE '\'}. */
    static String startsWith(String prefix)
    {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
