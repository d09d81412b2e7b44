package dev.trinomesh.catalog.quality;

import com.google.inject.Inject;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.catalog.quality.api.QualityHistory;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.VisibleRows;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The stored check results, filtered by what the viewer may see. */
public class VisibleQualityHistory
        implements QualityHistory
{
    private final QualityStore store;

    @Inject
    public VisibleQualityHistory(QualityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public List<CheckResult> results(Viewer viewer, Optional<String> product, Optional<String> dataset, Optional<String> check, int limit)
    {
        if (viewer.seesEverything()) {
            return store.results(product, dataset, check, Optional.empty(), limit);
        }
        if (product.map(name -> !viewer.canSee(name)).orElse(viewer.visibleProducts().isEmpty())) {
            return List.of();
        }
        return VisibleRows.first(
                window -> store.results(product, dataset, check, Optional.empty(), window),
                result -> viewer.canSee(result.product()),
                limit,
                MAX_RESULTS);
    }
}
