package dev.trinomesh.catalog.core.http;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A precondition tag from If-Match / If-None-Match: a product revision, or {@code *} for any. */
public record EntityTag(String value)
{
    public static final EntityTag ANY = new EntityTag("*");

    public EntityTag
    {
        requireNonNull(value, "value is null");
    }

    /** Parses {@code "3"}, {@code W/"3"}, {@code 3} or {@code *}; empty for an absent header. */
    public static Optional<EntityTag> parse(String header)
    {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return Optional.of(new EntityTag(value));
    }

    public boolean isAny()
    {
        return value.equals("*");
    }

    public boolean matches(long revision)
    {
        return isAny() || value.equals(String.valueOf(revision));
    }
}
