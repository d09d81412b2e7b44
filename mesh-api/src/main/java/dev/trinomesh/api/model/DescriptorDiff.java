package dev.trinomesh.api.model;

import java.util.List;

/** The changes from one revision of a product to another. */
public record DescriptorDiff(String product, int fromRevision, int toRevision, List<DescriptorChange> changes)
{
    public DescriptorDiff
    {
        changes = List.copyOf(changes);
    }
}
