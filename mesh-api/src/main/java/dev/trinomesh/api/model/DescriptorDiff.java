package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The changes from one revision of a product to another, each classified, and the part of the semantic
 * version they call for ({@code bump}; absent from services that do not classify).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DescriptorDiff(String product, int fromRevision, int toRevision, List<DescriptorChange> changes, VersionBump bump)
{
    public DescriptorDiff
    {
        changes = List.copyOf(changes);
    }
}
