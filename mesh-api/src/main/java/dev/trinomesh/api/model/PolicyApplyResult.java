package dev.trinomesh.api.model;

import dev.trinomesh.api.model.ApplyResult.Outcome;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** What applying a policy did (or, for a dry run, would do). */
public record PolicyApplyResult(Outcome outcome, boolean dryRun, PolicyRecord policy, List<DescriptorChange> changes)
{
    public PolicyApplyResult
    {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(policy, "policy is null");
        changes = List.copyOf(changes);
    }
}
