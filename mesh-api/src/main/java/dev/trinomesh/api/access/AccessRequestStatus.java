package dev.trinomesh.api.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

public enum AccessRequestStatus
{
    PENDING,
    APPROVED,
    DENIED;

    @JsonValue
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AccessRequestStatus fromWire(String value)
    {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown access request status '%s'; one of %s".formatted(value, allWireNames())));
    }

    public static Optional<AccessRequestStatus> parse(String value)
    {
        return Arrays.stream(values()).filter(status -> status.wireName().equalsIgnoreCase(value.strip())).findFirst();
    }

    public static String allWireNames()
    {
        return Arrays.stream(values()).map(AccessRequestStatus::wireName).collect(Collectors.joining(", "));
    }
}
