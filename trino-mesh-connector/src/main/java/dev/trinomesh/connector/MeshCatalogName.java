package dev.trinomesh.connector;

import static java.util.Objects.requireNonNull;

/** The name this connector's catalog has in Trino (usually {@code mesh}); views resolve names in it. */
public record MeshCatalogName(String value)
{
    public MeshCatalogName
    {
        requireNonNull(value, "value is null");
    }
}
