package dev.trinomesh.catalog.data.read;

import dev.trinomesh.catalog.data.format.ResultColumn;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a result row into the values the formats write, by the contract's type of each column: exact decimals,
 * dates and times without the JDBC driver's legacy classes, arrays and maps as Lists and Maps.
 */
public final class RowReader
{
    private final List<ResultColumn> columns;

    public RowReader(List<ResultColumn> columns)
    {
        this.columns = List.copyOf(columns);
    }

    public Object[] read(ResultSet results)
            throws SQLException
    {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = value(results, i + 1, columns.get(i));
        }
        return row;
    }

    private static Object value(ResultSet results, int index, ResultColumn column)
            throws SQLException
    {
        Object value = switch (column.type().kind()) {
            case BOOLEAN -> results.getBoolean(index);
            case INTEGER -> results.getLong(index);
            case DECIMAL -> results.getBigDecimal(index);
            case FLOATING -> results.getDouble(index);
            case TEXT -> results.getString(index);
            case DATE -> results.getObject(index, LocalDate.class);
            case TIME -> results.getObject(index, LocalTime.class);
            case TIMESTAMP -> results.getObject(index, LocalDateTime.class);
            case TIMESTAMP_TZ -> {
                ZonedDateTime zoned = results.getObject(index, ZonedDateTime.class);
                yield zoned == null ? null : zoned.toOffsetDateTime();
            }
            case OTHER -> plain(results.getObject(index));
        };
        return results.wasNull() ? null : value;
    }

    /** A value of an array, map or row as Lists, Maps and scalars (binary as base64). */
    private static Object plain(Object value)
            throws SQLException
    {
        return switch (value) {
            case null -> null;
            case Array array -> {
                List<Object> items = new ArrayList<>();
                for (Object item : (Object[]) array.getArray()) {
                    items.add(plain(item));
                }
                yield items;
            }
            case Map<?, ?> map -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    entries.put(String.valueOf(entry.getKey()), plain(entry.getValue()));
                }
                yield entries;
            }
            case List<?> list -> {
                List<Object> items = new ArrayList<>();
                for (Object item : list) {
                    items.add(plain(item));
                }
                yield items;
            }
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case Number _, Boolean _, String _ -> value;
            case OffsetDateTime _, LocalDate _, LocalDateTime _, LocalTime _ -> value;
            // io.trino.jdbc.Row and the like print as Trino writes them.
            default -> value.toString();
        };
    }
}
