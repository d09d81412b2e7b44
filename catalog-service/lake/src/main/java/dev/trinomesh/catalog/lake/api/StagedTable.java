package dev.trinomesh.catalog.lake.api;

import org.apache.iceberg.catalog.TableIdentifier;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A lake table whose writes are staged: they go to {@code shadow}, a table of the same namespace that began as
 * {@code target} at metadata {@code baseMetadata} (or does not exist yet, when {@code target} did not), until they are
 * published to {@code target} or discarded. Readers of {@code target} see none of them meanwhile.
 */
public record StagedTable(TableIdentifier target, TableIdentifier shadow, Optional<String> baseMetadata)
{
    public StagedTable
    {
        requireNonNull(target, "target is null");
        requireNonNull(shadow, "shadow is null");
        requireNonNull(baseMetadata, "baseMetadata is null");
    }
}
