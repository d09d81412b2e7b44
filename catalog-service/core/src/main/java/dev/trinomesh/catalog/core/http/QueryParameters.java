package dev.trinomesh.catalog.core.http;

import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** Query parameters, parsed with every problem collected before the request is refused. */
public final class QueryParameters
{
    private final List<Violation> violations = new ArrayList<>();

    /** The stripped value of a required parameter; {@code explanation} says what it is when it is missing. */
    public String required(String name, String value, String explanation)
    {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(name, value, "is required: " + explanation));
            return null;
        }
        return value.strip();
    }

    public int integer(String name, String value, int defaultValue, int min, int max)
    {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        catch (NumberFormatException ignored) {
            // reported below
        }
        violations.add(new Violation(name, value, "must be a whole number from %s to %,d (default %s)".formatted(min, max, defaultValue)));
        return defaultValue;
    }

    public long longValue(String name, String value, long defaultValue, long min, long max)
    {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        catch (NumberFormatException ignored) {
            // reported below
        }
        violations.add(new Violation(name, value, "must be a whole number from %s to %,d (default %,d)".formatted(min, max, defaultValue)));
        return defaultValue;
    }

    /** {@code true} or {@code false} (any case); absent is {@code defaultValue}. Anything else is refused, never taken as false. */
    public boolean bool(String name, String value, boolean defaultValue)
    {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                violations.add(new Violation(name, value, "must be true or false"));
                yield defaultValue;
            }
        };
    }

    /** A whole number from {@code min} to {@code max}; empty when absent. */
    public OptionalInt optionalInteger(String name, String value, int min, int max)
    {
        if (value == null || value.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return OptionalInt.of(parsed);
            }
        }
        catch (NumberFormatException ignored) {
            // reported below
        }
        violations.add(new Violation(name, value, "must be a whole number from %s to %,d".formatted(min, max)));
        return OptionalInt.empty();
    }

    public Optional<Instant> instant(String name, String value)
    {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
        }
        catch (DateTimeParseException e) {
            violations.add(new Violation(name, value, "must be an ISO-8601 date-time with offset, such as 2025-06-01T00:00:00Z"));
            return Optional.empty();
        }
    }

    /** Records a problem with a parameter that this class does not parse itself. */
    public void violation(String name, String value, String rule)
    {
        violations.add(new Violation(name, value, rule));
    }

    /** A single true/false parameter, refused at once when it is neither. */
    public static boolean flag(String name, String value)
    {
        QueryParameters parameters = new QueryParameters();
        boolean flag = parameters.bool(name, value, false);
        parameters.check();
        return flag;
    }

    public void check()
    {
        if (!violations.isEmpty()) {
            throw ServiceException.badRequest("invalid query parameters (%s problem%s)".formatted(violations.size(), violations.size() == 1 ? "" : "s"), violations);
        }
    }

    public static Optional<String> optional(String value)
    {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
