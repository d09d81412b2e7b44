package dev.trinomesh.catalog.registry.api;

import dev.trinomesh.api.model.PipelineRecord;

import java.util.List;
import java.util.Optional;

/**
 * The pipelines the registry holds, for the area that runs them. Pipelines are applied, versioned and removed through
 * the registry ({@code /v1/pipelines}); every change moves the registry revision.
 */
public interface PipelineDefinitions
{
    /**
     * Every active pipeline whose product exists and is not retired, by name; rebuilt only when the registry revision has
     * moved. A step's target was checked against its product's lake namespace when the pipeline was applied; should the
     * product have moved to another namespace since, the target is outside {@link PipelineDefinition#lakeNamespace()}
     * and Trino's access control refuses the write.
     */
    List<PipelineDefinition> active();

    /** Pipeline {@code name} when it is one of {@link #active()}. */
    Optional<PipelineDefinition> active(String name);

    /** Pipeline {@code name} at its current revision, a removed one included, when {@code viewer} may read it. */
    Optional<PipelineRecord> readable(Viewer viewer, String name);

    /** The active pipelines {@code viewer} may read (see {@code PipelineVisibility}), of {@code product} only when given, by name. */
    List<PipelineRecord> visible(Viewer viewer, Optional<String> product);
}
