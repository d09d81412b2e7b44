package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.api.quality.QualityRun;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.cluster.Replicas;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import io.airlift.log.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Queues and executes runs of products' checks: a run checks its datasets one after another (each in
 * one scan where it can), records every result and each dataset's new health, and moves the registry
 * revision when a status or circuit breaker changed, so that the mesh connectors learn of it with their
 * next poll. The queue is the database's, shared by the replicas: each takes due runs while it has a free runner
 * (taking is one conditional update, so a run runs once), and a run of a replica that died is failed and asked
 * again ({@link #requeueOrphans}).
 */
public class QualityRuns
{
    private static final Logger log = Logger.get(QualityRuns.class);
    private static final long CLAIM_INTERVAL_MILLIS = 500;

    private final QualityStore store;
    private final DatasetChecker checker;
    private final ProductCatalog registry;
    private final CheckConnections connections;
    private final Replicas replicas;
    private final ExecutorService executor;
    private final int maxConcurrentRuns;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ScheduledExecutorService claimer = Executors.newSingleThreadScheduledExecutor(daemonThreadsNamed("quality-claimer"));
    private final Clock clock = Clock.systemUTC();
    private final QualityStats stats;

    @Inject
    public QualityRuns(QualityStore store, DatasetChecker checker, ProductCatalog registry, CheckConnections connections, Replicas replicas, QualityConfig config, QualityStats stats)
    {
        this.stats = requireNonNull(stats, "stats is null");
        this.replicas = requireNonNull(replicas, "replicas is null");
        this.maxConcurrentRuns = config.getMaxConcurrentRuns();
        this.store = requireNonNull(store, "store is null");
        this.checker = requireNonNull(checker, "checker is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.executor = Executors.newFixedThreadPool(config.getMaxConcurrentRuns(), daemonThreadsNamed("quality-run-%s"));
    }

    @PostConstruct
    @SuppressWarnings("FutureReturnValueIgnored") // the task logs its own failures; nobody waits for it
    public void start()
    {
        if (connections.configured()) {
            claimer.scheduleWithFixedDelay(this::claimDue, CLAIM_INTERVAL_MILLIS, CLAIM_INTERVAL_MILLIS, MILLISECONDS);
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
        Instant now = clock.instant();
        QualityStore.Queued queued = store.queue(product, dataset, trigger, user, now, now);
        if (queued.created()) {
            submit(queued.id());
        }
        return store.run(queued.id()).orElseThrow();
    }

    /** Queues a run the service asks for itself, to start after {@code delay}; joins a queued run of the same scope. */
    void requestLater(String product, Optional<String> dataset, String trigger, Duration delay)
    {
        Instant now = clock.instant();
        store.queue(product, dataset, trigger, QualityTriggers.SYSTEM_USER, now, now.plus(delay));
    }

    /**
     * Fails the runs of replicas that died while running them (their results so far stay) and asks for each again.
     * Any replica may do this; one that takes a run over first wins, the others find it no longer running.
     */
    void requeueOrphans()
    {
        for (QualityStore.Running run : store.running()) {
            if (replicas.isAlive(run.replica())) {
                continue;
            }
            Instant now = clock.instant();
            if (store.abandon(run.id(), run.replica(), now, "the replica running it (%s) stopped before it finished; it is asked for again".formatted(run.replica()))) {
                log.warn("quality run %s of %s was running on replica %s, which stopped; asking for it again", run.id(), run.product(), run.replica());
                store.queue(run.product(), run.dataset(), "recovery", QualityTriggers.SYSTEM_USER, now, now);
            }
        }
    }

    /** Takes due runs from the shared queue while this replica has free runners. */
    private void claimDue()
    {
        try {
            int free = maxConcurrentRuns - inFlight.get();
            if (free > 0) {
                store.due(clock.instant(), free).forEach(this::submit);
            }
        }
        catch (RuntimeException e) {
            log.warn("cannot look for queued quality runs: %s", e.getMessage());
        }
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
        inFlight.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    execute(id);
                }
                finally {
                    inFlight.decrementAndGet();
                }
            });
        }
        catch (RejectedExecutionException e) {
            // Stopping: the run stays queued for another replica, or for this one's next start.
            inFlight.decrementAndGet();
        }
    }

    private void execute(long id)
    {
        if (!store.start(id, clock.instant(), replicas.self())) {
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
        claimer.shutdownNow();
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
