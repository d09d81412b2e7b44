package dev.trinomesh.catalog.registry.pipeline;

import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.catalog.registry.api.Viewer;

/**
 * Who reads a pipeline: governance admins and the Trinos, and anyone who may see its product and every product it
 * names (its upstream products and those whose commits start it). Its steps name those products' datasets, so a
 * reader who may not see one of them is answered as if the pipeline did not exist.
 */
public final class PipelineVisibility
{
    private PipelineVisibility() {}

    public static boolean canRead(Viewer viewer, Pipeline pipeline)
    {
        if (viewer.seesEverything()) {
            return true;
        }
        if (!viewer.canSee(pipeline.product())) {
            return false;
        }
        // Entries of trigger.on name upstream products; read anyway, so that this holds whatever was stored.
        return pipeline.spec().upstream().stream().allMatch(viewer::canSee)
                && pipeline.spec().triggerOrNone().on().stream().map(PipelineVisibility::productOf).allMatch(viewer::canSee);
    }

    private static String productOf(String dataset)
    {
        int dot = dataset.indexOf('.');
        return dot < 0 ? dataset : dataset.substring(0, dot);
    }
}
