package dev.trinomesh.catalog.quality.api;

import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.catalog.registry.api.Viewer;

import java.util.List;
import java.util.Optional;

/** Check results, newest first, of the products a viewer may see: what {@code /v1/quality/results} and the portal answer from. */
public interface QualityHistory
{
    int MAX_RESULTS = 10_000;

    List<CheckResult> results(Viewer viewer, Optional<String> product, Optional<String> dataset, Optional<String> check, int limit);
}
