package dev.trinomesh.catalog.pipelines.api;

import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.catalog.registry.api.Viewer;

import java.util.List;

/** Pipeline runs as a viewer may see them: what the portal shows beside a product. */
public interface PipelineRuns
{
    /** The newest runs of {@code product}'s pipelines, at most {@code limit}, none when the viewer may not see the product. */
    List<PipelineRun> recent(Viewer viewer, String product, int limit);
}
