package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.catalog.core.cluster.FeedFollower;
import dev.trinomesh.catalog.core.cluster.Leases;
import dev.trinomesh.catalog.lake.api.Binding;
import dev.trinomesh.catalog.lake.api.DataCommit;
import dev.trinomesh.catalog.lake.api.LakeBindings;
import dev.trinomesh.catalog.lake.api.LakeCommits;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * The runs nobody asks for by hand: every {@code spec.checks.every} for each served product, and after a
 * lake commit added data to a table that datasets read (unless {@code afterCommit: false}), once per burst
 * of commits ({@code quality.commit-delay}). Both only queue runs; {@link QualityRuns} executes them. With
 * replicas, one holds the lease of this work at a time: it follows the commit log (whichever replica took the
 * commit), fires the schedules and asks again for runs of replicas that died.
 */
public class QualityTriggers
{
    private static final Logger log = Logger.get(QualityTriggers.class);
    static final String SYSTEM_USER = "mesh-quality";
    private static final String LEASE = "quality-triggers";
    private static final long TICK_MILLIS = 500;
    private static final java.time.Duration ORPHAN_SWEEP = java.time.Duration.ofSeconds(2);

    private final QualityRuns runs;
    private final QualityStore store;
    private final ProductCatalog registry;
    private final LakeBindings bindings;
    private final CheckConnections connections;
    private final Leases leases;
    private final FeedFollower<DataCommit> commits;
    private final java.time.Duration commitDelay;
    private final java.time.Duration scheduleInterval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemonThreadsNamed("quality-triggers"));
    private final Clock clock = Clock.systemUTC();
    private Instant nextSchedules = Instant.EPOCH;
    private Instant nextOrphanSweep = Instant.EPOCH;

    @Inject
    public QualityTriggers(QualityRuns runs, QualityStore store, ProductCatalog registry, LakeBindings bindings, LakeCommits lakeCommits, CheckConnections connections, Leases leases,
            QualityConfig config)
    {
        this.runs = requireNonNull(runs, "runs is null");
        this.store = requireNonNull(store, "store is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.bindings = requireNonNull(bindings, "bindings is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.leases = requireNonNull(leases, "leases is null");
        this.commits = new FeedFollower<>(leases, LEASE, lakeCommits);
        this.commitDelay = config.getCommitDelay().toJavaTime();
        this.scheduleInterval = config.getScheduleInterval().toJavaTime();
    }

    @PostConstruct
    @SuppressWarnings("FutureReturnValueIgnored") // the task logs its own failures; nobody waits for it
    public void start()
    {
        if (!connections.configured()) {
            log.info("quality checks are off: trino.uri is not set");
            return;
        }
        nextSchedules = clock.instant().plus(scheduleInterval);
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, MILLISECONDS);
    }

    private void tick()
    {
        try {
            if (!leases.holds(LEASE)) {
                return;
            }
            commits.poll(this::dataCommitted);
            Instant now = clock.instant();
            if (!now.isBefore(nextOrphanSweep)) {
                runs.requeueOrphans();
                nextOrphanSweep = now.plus(ORPHAN_SWEEP);
            }
            if (!now.isBefore(nextSchedules)) {
                runDueSchedules();
                nextSchedules = now.plus(scheduleInterval);
            }
        }
        catch (RuntimeException e) {
            log.error(e, "quality triggers failed; trying again in %s ms", TICK_MILLIS);
        }
    }

    /** Queues a run of each checked dataset whose table got data, to start when the burst of commits is over. */
    private void dataCommitted(List<DataCommit> committed)
    {
        Set<String> queued = new HashSet<>();
        for (DataCommit commit : committed) {
            for (Binding binding : bindings.of(commit.table())) {
                ProductRecord product = binding.product();
                // Bindings are today's; a commit made before the product existed was none of its business.
                if (product.createdAt().isAfter(commit.recordedAt()) || binding.dataset().quality().isEmpty() || !product.descriptor().spec().checkSchedule().runsAfterCommit()
                        || !queued.add(product.name() + "." + binding.dataset().name())) {
                    continue;
                }
                try {
                    runs.requestLater(product.name(), Optional.of(binding.dataset().name()), "commit", commitDelay);
                }
                catch (RuntimeException e) {
                    log.warn("cannot queue the commit quality run of %s.%s: %s", product.name(), binding.dataset().name(), e.getMessage());
                }
            }
        }
    }

    /** Queues the scheduled run of every served product whose {@code every} has passed since its checks last ran. */
    void runDueSchedules()
    {
        try {
            Instant now = clock.instant();
            for (ProductRecord product : registry.snapshot().products()) {
                String every = product.descriptor().spec().checkSchedule().every();
                if (every == null || !product.status().isServed() || QualityRuns.checkedDatasets(product).isEmpty()) {
                    continue;
                }
                Optional<Instant> last = store.lastRequested(product.name());
                if (last.isEmpty() || !last.orElseThrow().plusMillis(Duration.valueOf(every).toMillis()).isAfter(now)) {
                    queue(product.name(), Optional.empty(), "schedule");
                }
            }
        }
        catch (RuntimeException e) {
            log.error(e, "cannot look for scheduled quality runs");
        }
    }

    private void queue(String product, Optional<String> dataset, String trigger)
    {
        try {
            runs.request(product, dataset, trigger, SYSTEM_USER);
        }
        catch (RuntimeException e) {
            log.warn("cannot queue the %s quality run of %s%s: %s", trigger, product, dataset.map(name -> "." + name).orElse(""), e.getMessage());
        }
    }

    @PreDestroy
    public void stop()
    {
        timer.shutdownNow();
    }
}
