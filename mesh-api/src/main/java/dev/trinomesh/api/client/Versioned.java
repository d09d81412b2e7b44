package dev.trinomesh.api.client;

import static java.util.Objects.requireNonNull;

/** A value with the entity tag the service gave it; send the tag back as If-Match to update safely. */
public record Versioned<T>(T value, String etag)
{
    public Versioned
    {
        requireNonNull(value, "value is null");
        requireNonNull(etag, "etag is null");
    }
}
