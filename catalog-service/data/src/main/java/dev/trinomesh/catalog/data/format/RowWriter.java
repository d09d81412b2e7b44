package dev.trinomesh.catalog.data.format;

import java.io.IOException;

/**
 * Writes one response's rows in a format, as they come from Trino: nothing is held but what the format must batch. A
 * row's values are those {@code RowReader} makes: Boolean, Long, BigDecimal, Double, String, LocalDate, LocalTime,
 * LocalDateTime, OffsetDateTime, or for other types (arrays, maps, rows) Lists and Maps of those.
 */
public interface RowWriter
{
    void row(Object[] values)
            throws IOException;

    /** Ends the response; it is the last call. */
    void end(PageEnd end)
            throws IOException;
}
