package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a change to a product descriptor means for its consumers: {@code breaking} (queries or
 * expectations that worked may fail), {@code compatible} (an addition or a stronger promise consumers can
 * ignore) or {@code none} (documentation, ownership, access and lifecycle: outside the contract).
 */
public enum ContractImpact
{
    BREAKING,
    COMPATIBLE,
    NONE;

    @JsonValue
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ContractImpact fromWireName(String value)
    {
        return Arrays.stream(values())
                .filter(impact -> impact.wireName().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown contract impact '%s'".formatted(value)));
    }
}
