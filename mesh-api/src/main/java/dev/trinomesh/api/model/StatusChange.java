package dev.trinomesh.api.model;

import static java.util.Objects.requireNonNull;

/** Request body of a lifecycle transition. */
public record StatusChange(ProductStatus status)
{
    public StatusChange
    {
        requireNonNull(status, "status is null");
    }
}
