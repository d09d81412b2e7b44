package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityRun;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import io.airlift.log.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;

/**
 * Queues and executes runs of products' checks: a run checks its datasets one after another (each in
 * one scan where it can), records every result and each dataset's new health, and moves the registry
 * revision when a status or circuit breaker changed, so that the mesh connectors learn of it with their
 * next poll. Runs left queued by a stopped service are run at start.
 */
public class QualityRuns
{
    private static final Logger log = Logger.get(QualityRuns.class);

    private final QualityStore store;
    private final DatasetChecker checker;
    private final ProductCatalog registry;
    private final CheckConnections connections;
    private final ExecutorService executor;
    private final Clock clock = Clock.systemUTC();
    private final QualityStats stats;

    @Inject
    public QualityRuns(QualityStore store, DatasetChecker checker, ProductCatalog registry, CheckConnections connections, QualityConfig config, QualityStats stats)
    {
        this.stats = requireNonNull(stats, "stats is null");
        this.store = requireNonNull(store, "store is null");
        this.checker = requireNonNull(checker, "checker is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.executor = Executors.newFixedThreadPool(config.getMaxConcurrentRuns(), daemonThreadsNamed("quality-run-%s"));
    }

    @PostConstruct
    public void resumeQueued()
    {
        List<Long> queued = store.recover(clock.instant());
        if (!queued.isEmpty()) {
            log.info("resuming %s quality runs queued before the service stopped", queued.size());
            queued.forEach(this::submit);
        }
    }

    /**
     * Queues a run of {@code product}'s checks (or of one dataset's); a run of the same scope that is still
     * queued is returned instead of a second one. Refused when the product, the dataset or any check is
     * missing, or when the service has no Trino to run checks on.
     */
    public QualityRun request(String product, Optional<String> dataset, String trigger, String user)
    {
        requireConfigured();
        ProductRecord record = registry.product(product).orElseThrow(() -> ServiceException.notFound("no product named '%s'".formatted(product)));
        if (dataset.isPresent()) {
            Dataset declared = record.descriptor().spec().dataset(dataset.orElseThrow()).orElseThrow(() -> ServiceException.notFound("product '%s' has no dataset named '%s'; it has %s"
                    .formatted(product, dataset.orElseThrow(), String.join(", ", record.descriptor().spec().datasets().stream().map(Dataset::name).toList()))));
            if (declared.quality().isEmpty()) {
                throw ServiceException.badRequest("dataset '%s' of product '%s' declares no quality checks; add some under quality: in its descriptor".formatted(dataset.orElseThrow(), product));
            }
        }
        else if (checkedDatasets(record).isEmpty()) {
            throw ServiceException.badRequest("product '%s' declares no quality checks; add some under a dataset's quality: in its descriptor".formatted(product));
        }
        QualityStore.Queued queued = store.queue(product, dataset, trigger, user, clock.instant());
        if (queued.created()) {
            submit(queued.id());
        }
        return store.run(queued.id()).orElseThrow();
    }

    /** Refuses (503, saying what to set) when the service has no Trino to run checks on. */
    public void requireConfigured()
    {
        connections.uri();
    }

    public Optional<QualityRun> run(long id)
    {
        return store.run(id);
    }

    private void submit(long id)
    {
        executor.execute(() -> execute(id));
    }

    private void execute(long id)
    {
        if (!store.start(id, clock.instant())) {
            return;
        }
        stats.started();
        QualityRun run = store.run(id).orElseThrow();
        try {
            // Trino away is no finding about the data: the run fails and records nothing (a schedule retries it).
            connections.probe();
            ProductRecord product = registry.product(run.product())
                    .orElseThrow(() -> new IllegalStateException("product '%s' was removed before its checks ran".formatted(run.product())));
            List<Dataset> datasets = checkedDatasets(product).stream()
                    .filter(dataset -> run.dataset() == null || dataset.name().equals(run.dataset()))
                    .toList();
            boolean changed = false;
            for (Dataset dataset : datasets) {
                List<CheckResult> results = checker.check(id, product.name(), dataset);
                DatasetQuality health = DatasetHealth.of(product.name(), dataset.name(), results, clock.instant());
                Optional<DatasetQuality> before = store.record(results, health);
                changed |= DatasetHealth.changed(before, health);
                log.debug("quality run %s: %s.%s is %s", id, product.name(), dataset.name(), health.status().wireName());
            }
            if (run.dataset() == null) {
                changed |= store.forgetOthers(product.name(), checkedDatasets(product).stream().map(Dataset::name).toList()) > 0;
            }
            store.finish(id, clock.instant(), Optional.empty());
            stats.succeeded();
            if (changed) {
                registry.advanceRevision();
            }
        }
        catch (RuntimeException e) {
            log.error(e, "quality run %s of %s failed", id, run.product());
            store.finish(id, clock.instant(), Optional.of(String.valueOf(e.getMessage())));
            stats.failed();
        }
    }

    static List<Dataset> checkedDatasets(ProductRecord product)
    {
        return product.descriptor().spec().datasets().stream().filter(dataset -> !dataset.quality().isEmpty()).toList();
    }

    @PreDestroy
    public void stop()
            throws InterruptedException
    {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
