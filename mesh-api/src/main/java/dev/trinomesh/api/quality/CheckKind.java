package dev.trinomesh.api.quality;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of quality check a dataset may declare ({@code check:} in the descriptor). */
public enum CheckKind
{
    ROW_COUNT,
    NOT_NULL,
    MISSING_RATE,
    UNIQUE,
    ACCEPTED_VALUES,
    RANGE,
    REGEX,
    FRESHNESS,
    SCHEMA,
    SQL;

    @JsonValue
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CheckKind> of(String wireName)
    {
        return Arrays.stream(values()).filter(kind -> kind.wireName().equals(wireName)).findFirst();
    }

    public static List<String> wireNames()
    {
        return Arrays.stream(values()).map(CheckKind::wireName).toList();
    }
}
