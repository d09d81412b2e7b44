package dev.trinomesh.api.model;

import dev.trinomesh.api.model.ApplyResult.Outcome;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** What applying a pipeline did (or, for a dry run, would do). */
public record PipelineApplyResult(Outcome outcome, boolean dryRun, PipelineRecord pipeline, List<DescriptorChange> changes)
{
    public PipelineApplyResult
    {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(pipeline, "pipeline is null");
        changes = List.copyOf(changes);
    }
}
