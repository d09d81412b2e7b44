package dev.trinomesh.api.quality;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What one run of one check found: the data met the check, did not, or the check could not be evaluated. */
public enum CheckOutcome
{
    PASSED,
    FAILED,
    ERROR;

    @JsonValue
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CheckOutcome fromWireName(String value)
    {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
