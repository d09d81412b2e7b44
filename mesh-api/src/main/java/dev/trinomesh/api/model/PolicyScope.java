package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Who wrote a policy and what it can reach: a {@code global} guardrail (governance admins, every
 * product) or a {@code domain} policy (the domain's owners, only that domain's products).
 */
public enum PolicyScope
{
    GLOBAL,
    DOMAIN;

    @JsonValue
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PolicyScope fromWireName(String value)
    {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown scope '%s'; expected global or domain".formatted(value)));
    }

    public static Optional<PolicyScope> parse(String value)
    {
        return Arrays.stream(values()).filter(scope -> scope.wireName().equals(value)).findFirst();
    }
}
