package dev.trinomesh.api.model;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** What applying a descriptor did (or, for a dry run, would do). */
public record ApplyResult(Outcome outcome, boolean dryRun, ProductRecord product, List<DescriptorChange> changes)
{
    public enum Outcome
    {
        CREATED, UPDATED, UNCHANGED
    }

    public ApplyResult
    {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(product, "product is null");
        changes = List.copyOf(changes);
    }
}
