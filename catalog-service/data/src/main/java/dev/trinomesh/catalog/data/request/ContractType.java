package dev.trinomesh.catalog.data.request;

import dev.trinomesh.api.policy.SqlLiterals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A contracted column's Trino type as the data API handles it: which filters it takes and how a caller's text becomes a
 * typed SQL literal. A value is parsed here, in Java, and written back as a literal of the column's type, so nothing
 * the caller sends is ever SQL.
 */
public record ContractType(String sqlType, Kind kind, int precision, int scale)
{
    public enum Kind
    {
        BOOLEAN, INTEGER, DECIMAL, FLOATING, TEXT, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ,
        /** Arrays, maps, rows, binary, JSON and the like: returned as they are, never filtered or ordered on. */
        OTHER
    }

    private static final Pattern PARAMETERS = Pattern.compile("([a-z ]+?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?(\\s+with time zone)?");

    public ContractType
    {
        requireNonNull(sqlType, "sqlType is null");
        requireNonNull(kind, "kind is null");
    }

    public static ContractType of(String sqlType)
    {
        String type = sqlType.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = PARAMETERS.matcher(type);
        if (!matcher.matches()) {
            return new ContractType(type, Kind.OTHER, 0, 0);
        }
        String base = matcher.group(1).strip();
        int first = matcher.group(2) == null ? -1 : Integer.parseInt(matcher.group(2));
        int second = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        boolean zoned = matcher.group(4) != null;
        return switch (base) {
            case "boolean" -> new ContractType(type, Kind.BOOLEAN, 0, 0);
            case "tinyint" -> new ContractType(type, Kind.INTEGER, 8, 0);
            case "smallint" -> new ContractType(type, Kind.INTEGER, 16, 0);
            case "integer", "int" -> new ContractType(type, Kind.INTEGER, 32, 0);
            case "bigint" -> new ContractType(type, Kind.INTEGER, 64, 0);
            case "decimal" -> new ContractType(type, Kind.DECIMAL, first == -1 ? 38 : first, second);
            case "real", "double" -> new ContractType(type, Kind.FLOATING, 0, 0);
            case "varchar", "char" -> new ContractType(type, Kind.TEXT, first, 0);
            case "date" -> new ContractType(type, Kind.DATE, 0, 0);
            case "time" -> zoned ? new ContractType(type, Kind.OTHER, 0, 0) : new ContractType(type, Kind.TIME, first == -1 ? 3 : first, 0);
            case "timestamp" -> new ContractType(type, zoned ? Kind.TIMESTAMP_TZ : Kind.TIMESTAMP, first == -1 ? 3 : first, 0);
            default -> new ContractType(type, Kind.OTHER, 0, 0);
        };
    }

    /** Whether rows can be filtered by equality and ordered on this column. */
    public boolean comparable()
    {
        return kind != Kind.OTHER;
    }

    public boolean text()
    {
        return kind == Kind.TEXT;
    }

    /** What a value of this type looks like, for the error that refuses one. */
    public String expected()
    {
        return switch (kind) {
            case BOOLEAN -> "true or false";
            case INTEGER -> "a whole number that fits a %s".formatted(sqlType);
            case DECIMAL -> "a decimal number with at most %s digits, %s of them after the point".formatted(precision, scale);
            case FLOATING -> "a number such as 12.5 or 1e-3";
            case TEXT -> precision > 0 ? "text of at most %s characters".formatted(precision) : "text";
            case DATE -> "a date such as 2024-01-31";
            case TIME -> "a time such as 13:45:00";
            case TIMESTAMP -> "a timestamp such as 2024-01-31T13:45:00 (no time zone)";
            case TIMESTAMP_TZ -> "a timestamp with its offset such as 2024-01-31T13:45:00Z or 2024-01-31T13:45:00+02:00";
            case OTHER -> "nothing: a %s column cannot be filtered".formatted(sqlType);
        };
    }

    /**
     * The SQL literal of {@code value} as this type.
     *
     * @throws IllegalArgumentException when {@code value} is not a value of this type; the message says what is expected
     */
    public String literal(String value)
    {
        requireNonNull(value, "value is null");
        String stripped = value.strip();
        try {
            return switch (kind) {
                case BOOLEAN -> switch (stripped.toLowerCase(Locale.ROOT)) {
                    case "true" -> "true";
                    case "false" -> "false";
                    default -> throw new IllegalArgumentException();
                };
                case INTEGER -> integer(stripped);
                case DECIMAL -> decimal(stripped);
                case FLOATING -> floating(stripped);
                case TEXT -> text(value);
                case DATE -> "DATE '%s'".formatted(LocalDate.parse(stripped));
                case TIME -> "TIME '%s'".formatted(LocalTime.parse(stripped));
                case TIMESTAMP -> "TIMESTAMP '%s'".formatted(LocalDateTime.parse(stripped.replace(' ', 'T')).toString().replace('T', ' '));
                case TIMESTAMP_TZ -> timestampWithZone(stripped);
                case OTHER -> throw new IllegalArgumentException();
            };
        }
        catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("is not %s".formatted(expected()), e);
        }
    }

    private String integer(String value)
    {
        long parsed = Long.parseLong(value);
        int bits = precision;
        if (bits < 64 && (parsed < -(1L << (bits - 1)) || parsed >= (1L << (bits - 1)))) {
            throw new IllegalArgumentException();
        }
        // Typed, so that the comparison never widens the column (e.g. to decimal) and keeps its index.
        return "CAST(%s AS %s)".formatted(parsed, sqlType);
    }

    private String decimal(String value)
    {
        BigDecimal parsed = new BigDecimal(value);
        if (parsed.scale() > scale || parsed.precision() - parsed.scale() > precision - scale) {
            throw new IllegalArgumentException();
        }
        return "DECIMAL '%s'".formatted(parsed.toPlainString());
    }

    private String floating(String value)
    {
        double parsed = Double.parseDouble(value);
        if (!Double.isFinite(parsed)) {
            throw new IllegalArgumentException();
        }
        return "CAST(%s AS %s)".formatted(Double.toString(parsed), sqlType);
    }

    private String text(String value)
    {
        if (precision > 0 && value.codePointCount(0, value.length()) > precision) {
            throw new IllegalArgumentException();
        }
        if (value.chars().anyMatch(c -> c == 0)) {
            throw new IllegalArgumentException();
        }
        return SqlLiterals.varchar(value);
    }

    private static String timestampWithZone(String value)
    {
        OffsetDateTime parsed = OffsetDateTime.parse(value.replace(' ', 'T'));
        return "TIMESTAMP '%s %s'".formatted(parsed.toLocalDateTime().toString().replace('T', ' '), parsed.getOffset().getId().equals("Z") ? "UTC" : parsed.getOffset().getId());
    }
}
