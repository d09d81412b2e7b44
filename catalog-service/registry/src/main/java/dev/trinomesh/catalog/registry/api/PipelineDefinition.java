package dev.trinomesh.catalog.registry.api;

import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.api.model.PipelineRecord;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An active pipeline with what running it needs: its stored record, the lake namespace of its product as the product
 * is now, and its steps in order, analysed as they were validated (so that a run does not parse them again for this).
 */
public record PipelineDefinition(PipelineRecord record, String lakeNamespace, List<PlannedStep> steps)
{
    public PipelineDefinition
    {
        requireNonNull(record, "record is null");
        requireNonNull(lakeNamespace, "lakeNamespace is null");
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
    }

    public String name()
    {
        return record.name();
    }

    public String product()
    {
        return record.descriptor().product();
    }

    public Pipeline descriptor()
    {
        return record.descriptor();
    }
}
