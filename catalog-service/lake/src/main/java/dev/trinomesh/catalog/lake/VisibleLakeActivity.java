package dev.trinomesh.catalog.lake;

import dev.trinomesh.api.model.DatasetFreshness;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.catalog.lake.api.LakeActivity;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.VisibleRows;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The commit log and freshness filtered by what the viewer may see: a namespace no visible product owns is none of theirs. */
public class VisibleLakeActivity
        implements LakeActivity
{
    private final CommitLog commitLog;
    private final Freshness freshness;

    @Inject
    public VisibleLakeActivity(CommitLog commitLog, Freshness freshness)
    {
        this.commitLog = requireNonNull(commitLog, "commitLog is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
    }

    @Override
    public List<LakeCommit> commits(Viewer viewer, Optional<String> namespace, Optional<String> table, Optional<String> outcome, int limit)
    {
        if (viewer.seesEverything()) {
            return commitLog.commits(namespace, table, outcome, limit);
        }
        if ((namespace.isPresent() && !viewer.canSeeLakeNamespace(namespace.orElseThrow())) || viewer.visibleProducts().isEmpty()) {
            return List.of();
        }
        return VisibleRows.first(
                window -> commitLog.commits(namespace, table, outcome, window),
                commit -> viewer.canSeeLakeNamespace(commit.namespace()),
                limit,
                MAX_COMMITS);
    }

    @Override
    public List<DatasetFreshness> freshness(Viewer viewer, Optional<String> product)
    {
        return freshness.datasets(product).stream()
                .filter(dataset -> viewer.canSee(dataset.product()))
                .toList();
    }
}
