package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * The part of a product's semantic version a set of changes calls for: {@code major} for a breaking
 * change, {@code minor} for compatible contract changes, {@code patch} for documentation and other changes
 * outside the contract (the registry also accepts the same version for these), {@code none} when nothing
 * but the version or the status changed. Ordered from the least to the most demanding.
 */
public enum VersionBump
{
    NONE,
    PATCH,
    MINOR,
    MAJOR;

    @JsonValue
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static VersionBump fromWireName(String value)
    {
        return Arrays.stream(values())
                .filter(bump -> bump.wireName().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown version bump '%s'".formatted(value)));
    }
}
