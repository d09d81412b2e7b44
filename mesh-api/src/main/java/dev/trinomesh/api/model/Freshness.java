package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import static java.util.Objects.requireNonNull;

/** Freshness SLA: the newest value of {@code column} must be younger than {@code maxAge} (e.g. {@code 24h}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Freshness(String column, String maxAge)
{
    public Freshness
    {
        requireNonNull(maxAge, "maxAge is null");
    }
}
