package dev.trinomesh.catalog.lake.api;

import dev.trinomesh.api.model.DatasetFreshness;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.catalog.registry.api.Viewer;

import java.util.List;
import java.util.Optional;

/**
 * What happened in the lake, as a viewer may see it: the commits (accepted and refused) in the lake namespaces of
 * products they see, newest first, and those products' freshness. {@code /v1/lake} and the portal both answer from it.
 */
public interface LakeActivity
{
    int MAX_COMMITS = 10_000;

    List<LakeCommit> commits(Viewer viewer, Optional<String> namespace, Optional<String> table, Optional<String> outcome, int limit);

    List<DatasetFreshness> freshness(Viewer viewer, Optional<String> product);
}
