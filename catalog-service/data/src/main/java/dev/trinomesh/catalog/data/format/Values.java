package dev.trinomesh.catalog.data.format;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Row values as text, the same in every format and in cursors: ISO 8601 for dates and times, plain decimals. */
public final class Values
{
    private Values() {}

    /** The text of a scalar value; {@code null} for null. Lists and maps are the caller's (as JSON). */
    public static String text(Object value)
    {
        return switch (value) {
            case null -> null;
            case String string -> string;
            case BigDecimal decimal -> decimal.toPlainString();
            case LocalDateTime timestamp -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(timestamp);
            case OffsetDateTime timestamp -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp);
            case LocalTime time -> DateTimeFormatter.ISO_LOCAL_TIME.format(time);
            case LocalDate date -> date.toString();
            default -> value.toString();
        };
    }
}
