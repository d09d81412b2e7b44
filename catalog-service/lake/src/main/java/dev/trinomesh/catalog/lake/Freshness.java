package dev.trinomesh.catalog.lake;

import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetFreshness;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.catalog.lake.gate.Bindings;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import io.airlift.units.Duration;
import jakarta.inject.Inject;
import org.apache.iceberg.catalog.TableIdentifier;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Freshness and volume of every lake-backed dataset, from the commit log and the descriptors' SLAs. */
public class Freshness
{
    private final ProductCatalog registry;
    private final Bindings bindings;
    private final CommitLog commitLog;
    private final Clock clock;

    @Inject
    public Freshness(ProductCatalog registry, Bindings bindings, CommitLog commitLog)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.bindings = requireNonNull(bindings, "bindings is null");
        this.commitLog = requireNonNull(commitLog, "commitLog is null");
        this.clock = Clock.systemUTC();
    }

    public List<DatasetFreshness> datasets(Optional<String> productFilter)
    {
        Map<TableIdentifier, LakeCommit> latest = commitLog.latestSnapshots();
        List<DatasetFreshness> result = new ArrayList<>();
        for (ProductRecord product : registry.snapshot().products()) {
            if (productFilter.isPresent() && !productFilter.orElseThrow().equals(product.name())) {
                continue;
            }
            for (Dataset dataset : product.descriptor().spec().datasets()) {
                bindings.boundTable(dataset).ifPresent(table -> result.add(freshness(product, dataset, table, Optional.ofNullable(latest.get(table)))));
            }
        }
        return result;
    }

    private DatasetFreshness freshness(ProductRecord product, Dataset dataset, TableIdentifier table, Optional<LakeCommit> commit)
    {
        Optional<String> maxAge = Optional.ofNullable(dataset.freshness()).map(dev.trinomesh.api.model.Freshness::maxAge);
        Optional<Long> age = commit.map(last -> java.time.Duration.between(last.committedAt(), clock.instant()).toSeconds());
        String status;
        if (commit.isEmpty()) {
            status = "no_commits";
        }
        else if (maxAge.isEmpty()) {
            status = "no_sla";
        }
        else {
            status = age.orElseThrow() * 1000 <= Duration.valueOf(maxAge.orElseThrow()).toMillis() ? "fresh" : "stale";
        }
        return new DatasetFreshness(
                product.name(),
                dataset.name(),
                table.toString(),
                commit.map(LakeCommit::committedAt).orElse(null),
                age.orElse(null),
                maxAge.orElse(null),
                status,
                commit.map(LakeCommit::totalRecords).orElse(null),
                commit.map(LakeCommit::addedRecords).orElse(null));
    }
}
