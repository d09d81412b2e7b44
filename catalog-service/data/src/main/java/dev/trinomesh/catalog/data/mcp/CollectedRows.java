package dev.trinomesh.catalog.data.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.catalog.data.format.PageEnd;
import dev.trinomesh.catalog.data.format.PageHeader;
import dev.trinomesh.catalog.data.format.ResultColumn;
import dev.trinomesh.catalog.data.format.RowWriter;
import dev.trinomesh.catalog.data.format.Values;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A page's rows kept in memory as JSON values, for a tool's answer: objects keyed by column, with the values
 * {@code JsonRows} writes (numbers, text, booleans; dates and times as ISO text; NaN and infinities as text). Counts
 * the bytes of the rows as JSON, so that a read can stop at a size as the HTTP API's does.
 */
final class CollectedRows
        implements RowWriter
{
    private final List<ResultColumn> columns;
    private final ObjectMapper mapper;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private long bytes;

    CollectedRows(PageHeader header, ObjectMapper mapper)
    {
        this.columns = header.columns();
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    @Override
    public void row(Object[] values)
    {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i).name(), json(values[i]));
        }
        rows.add(row);
        try {
            bytes += mapper.writeValueAsBytes(row).length + 1;
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void end(PageEnd end) {}

    List<Map<String, Object>> rows()
    {
        return rows;
    }

    long bytes()
    {
        return bytes;
    }

    /** A value as JSON carries it, lists and maps (arrays, maps and rows of Trino) included. */
    static Object json(Object value)
    {
        return switch (value) {
            case null -> null;
            case Boolean _, Long _, BigDecimal _, String _ -> value;
            case Double number when number.isNaN() || number.isInfinite() -> number.toString();
            case Double _ -> value;
            case List<?> list -> list.stream().map(CollectedRows::json).toList();
            case Map<?, ?> map -> {
                Map<String, Object> converted = new LinkedHashMap<>();
                map.forEach((key, item) -> converted.put(String.valueOf(json(key)), json(item)));
                yield converted;
            }
            default -> Values.text(value);
        };
    }
}
