package dev.trinomesh.catalog.pipelines.run;

import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.catalog.pipelines.api.PipelineRuns;
import dev.trinomesh.catalog.registry.api.Viewer;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Runs of the products a viewer may see, from the run store. */
public class VisibleRuns
        implements PipelineRuns
{
    private final RunStore store;

    @Inject
    public VisibleRuns(RunStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public List<PipelineRun> recent(Viewer viewer, String product, int limit)
    {
        if (!viewer.canSee(product)) {
            return List.of();
        }
        return store.list(Optional.empty(), Optional.of(List.of(product)), Optional.empty(), limit);
    }
}
