package dev.trinomesh.catalog.registry.pipeline;

import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.api.model.PipelineRecord;
import dev.trinomesh.catalog.registry.revisions.RevisionedStore;
import dev.trinomesh.catalog.registry.revisions.RevisionedStore.Column;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** SQL of pipelines; every method runs on the caller's transaction. */
public final class PipelineStore
{
    static final RevisionedStore<Pipeline, PipelineRecord> PIPELINES = new RevisionedStore<>("pipeline", "pipelines", "pipeline_revisions", Pipeline.class, PipelineRecord::new, List.of(
            new Column<>("product", Pipeline::product)));

    private PipelineStore() {}

    /** Pipelines at their current revision, by name: active ones only when {@code activeOnly}, of one product when given. */
    static List<PipelineRecord> list(Handle handle, boolean activeOnly, Optional<String> product)
    {
        return PIPELINES.list(handle, activeOnly, product.map(value -> Map.of("product", value)).orElse(Map.of()));
    }

    /**
     * For each product with active pipelines, the products they declare upstream (all its pipelines' together, by name):
     * what the governance snapshot serves, so that the access control knows what a pipeline principal may read at all.
     */
    public static Map<String, List<String>> activeUpstreams(Handle handle)
    {
        Map<String, Set<String>> upstreams = new TreeMap<>();
        for (PipelineRecord pipeline : PIPELINES.list(handle, true)) {
            upstreams.computeIfAbsent(pipeline.descriptor().product(), _ -> new TreeSet<>()).addAll(pipeline.descriptor().spec().upstream());
        }
        Map<String, List<String>> result = new TreeMap<>();
        upstreams.forEach((product, names) -> result.put(product, List.copyOf(names)));
        return result;
    }
}
