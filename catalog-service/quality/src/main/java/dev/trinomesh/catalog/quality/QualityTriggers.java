package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.catalog.lake.api.Binding;
import dev.trinomesh.catalog.lake.api.LakeBindings;
import dev.trinomesh.catalog.lake.api.LakeCommits;
import dev.trinomesh.catalog.registry.api.ProductCatalog;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import org.apache.iceberg.catalog.TableIdentifier;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * The runs nobody asks for by hand: every {@code spec.checks.every} for each served product, and after a
 * lake commit added data to a table that datasets read (unless {@code afterCommit: false}), once per burst
 * of commits ({@code quality.commit-delay}). Both only queue runs; {@link QualityRuns} executes them.
 */
public class QualityTriggers
{
    private static final Logger log = Logger.get(QualityTriggers.class);
    static final String SYSTEM_USER = "mesh-quality";

    private final QualityRuns runs;
    private final QualityStore store;
    private final ProductCatalog registry;
    private final LakeBindings bindings;
    private final LakeCommits lakeCommits;
    private final CheckConnections connections;
    private final Duration commitDelay;
    private final Duration scheduleInterval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemonThreadsNamed("quality-triggers"));
    private final Set<String> pendingAfterCommit = ConcurrentHashMap.newKeySet();
    private final Clock clock = Clock.systemUTC();

    @Inject
    public QualityTriggers(QualityRuns runs, QualityStore store, ProductCatalog registry, LakeBindings bindings, LakeCommits lakeCommits, CheckConnections connections, QualityConfig config)
    {
        this.runs = requireNonNull(runs, "runs is null");
        this.store = requireNonNull(store, "store is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.bindings = requireNonNull(bindings, "bindings is null");
        this.lakeCommits = requireNonNull(lakeCommits, "lakeCommits is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.commitDelay = config.getCommitDelay();
        this.scheduleInterval = config.getScheduleInterval();
    }

    @PostConstruct
    @SuppressWarnings("FutureReturnValueIgnored") // the task logs its own failures; nobody waits for it
    public void start()
    {
        if (!connections.configured()) {
            log.info("quality checks are off: trino.uri is not set");
            return;
        }
        lakeCommits.subscribe(this::dataCommitted);
        long interval = scheduleInterval.toMillis();
        timer.scheduleWithFixedDelay(this::runDueSchedules, interval, interval, MILLISECONDS);
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the task logs its own failures; nobody waits for it
    private void dataCommitted(TableIdentifier table)
    {
        for (Binding binding : bindings.of(table)) {
            ProductRecord product = binding.product();
            if (binding.dataset().quality().isEmpty() || !product.descriptor().spec().checkSchedule().runsAfterCommit()) {
                continue;
            }
            String key = product.name() + "." + binding.dataset().name();
            if (pendingAfterCommit.add(key)) {
                timer.schedule(() -> {
                    pendingAfterCommit.remove(key);
                    queue(product.name(), Optional.of(binding.dataset().name()), "commit");
                }, commitDelay.toMillis(), MILLISECONDS);
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
