package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import static java.util.Objects.requireNonNull;

/** One broken rule in a request: where ({@code path}), what was given ({@code value}) and what is expected. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String path, String value, String rule)
{
    public Violation
    {
        requireNonNull(path, "path is null");
        requireNonNull(rule, "rule is null");
    }

    @Override
    public String toString()
    {
        return value == null ? "%s: %s".formatted(path, rule) : "%s: %s (got: %s)".formatted(path, rule, value);
    }
}
