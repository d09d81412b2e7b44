package dev.trinomesh.api.quality;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * A dataset's health after its latest checks, worst first: a blocking check failed ({@code failing}), a
 * freshness check failed ({@code stale}), another check failed or could not run ({@code warning}), all
 * passed ({@code healthy}); {@code unknown} before the first run.
 */
public enum QualityStatus
{
    FAILING,
    STALE,
    WARNING,
    HEALTHY,
    UNKNOWN;

    @JsonValue
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static QualityStatus fromWireName(String value)
    {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The worse of two statuses (the constants are declared worst first). */
    public QualityStatus worst(QualityStatus other)
    {
        return compareTo(other) <= 0 ? this : other;
    }
}
