package dev.trinomesh.connector;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityStatus;
import io.airlift.http.client.HttpClient;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client of a real catalog service whose snapshots carry the dataset health a test sets, and whose
 * quality results are the test's: the catalog service has no quality runner yet, so this hand-builds
 * that part of the snapshot (as {@code TestMeshCatalogCache} hand-builds whole snapshots). Each call for
 * results is recorded with the filters the connector pushed down.
 */
final class TestingQualityClient
        extends CatalogServiceClient
{
    record ResultsRequest(Optional<String> product, Optional<String> dataset, Optional<String> check, int limit) {}

    private final AtomicReference<List<DatasetQuality>> quality = new AtomicReference<>(List.of());
    private final AtomicBoolean qualityChanged = new AtomicBoolean();
    private final AtomicReference<List<CheckResult>> results = new AtomicReference<>(List.of());
    private final List<ResultsRequest> resultsRequests = new ArrayList<>();

    TestingQualityClient(HttpClient httpClient, URI baseUri, String token)
    {
        super(httpClient, baseUri, Optional.of(token));
    }

    void setQuality(List<DatasetQuality> health)
    {
        quality.set(List.copyOf(health));
        qualityChanged.set(true);
    }

    void setResults(List<CheckResult> checkResults)
    {
        results.set(List.copyOf(checkResults));
    }

    synchronized List<ResultsRequest> resultsRequests()
    {
        return List.copyOf(resultsRequests);
    }

    @Override
    public Optional<CatalogSnapshot> snapshotIfChanged(Optional<Long> knownRevision)
    {
        // A change of health moves the real service's revision; here, a set health forces a full snapshot.
        Optional<Long> known = qualityChanged.getAndSet(false) ? Optional.empty() : knownRevision;
        return super.snapshotIfChanged(known).map(snapshot -> snapshot.withQuality(quality.get()));
    }

    @Override
    public synchronized List<CheckResult> qualityResults(Optional<String> product, Optional<String> dataset, Optional<String> check, int limit)
    {
        resultsRequests.add(new ResultsRequest(product, dataset, check, limit));
        return results.get().stream()
                .filter(result -> product.map(result.product()::equals).orElse(true))
                .filter(result -> dataset.map(result.dataset()::equals).orElse(true))
                .filter(result -> check.map(result.check()::equals).orElse(true))
                .limit(limit)
                .toList();
    }

    /** A dataset whose blocking check {@code check} failed at {@code checkedAt}. */
    static DatasetQuality blocked(String product, String dataset, String check, Instant checkedAt, String message)
    {
        return new DatasetQuality(product, dataset, QualityStatus.FAILING, checkedAt, List.of(check), check, message);
    }

    static DatasetQuality healthy(String product, String dataset, Instant checkedAt)
    {
        return new DatasetQuality(product, dataset, QualityStatus.HEALTHY, checkedAt, List.of(), null, null);
    }
}
