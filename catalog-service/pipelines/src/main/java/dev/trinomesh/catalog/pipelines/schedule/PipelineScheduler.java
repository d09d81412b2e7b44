package dev.trinomesh.catalog.pipelines.schedule;

import dev.trinomesh.api.model.CronSchedule;
import dev.trinomesh.api.model.Pipeline;
import dev.trinomesh.api.model.PipelineRun;
import dev.trinomesh.api.model.PipelineRun.Status;
import dev.trinomesh.catalog.core.cluster.FeedFollower;
import dev.trinomesh.catalog.core.cluster.Leases;
import dev.trinomesh.catalog.core.cluster.Replicas;
import dev.trinomesh.catalog.core.trino.TrinoConnections;
import dev.trinomesh.catalog.lake.api.Binding;
import dev.trinomesh.catalog.lake.api.DataCommit;
import dev.trinomesh.catalog.lake.api.LakeBindings;
import dev.trinomesh.catalog.lake.api.LakeCommits;
import dev.trinomesh.catalog.lake.api.LakeStaging;
import dev.trinomesh.catalog.lake.api.StagedTable;
import dev.trinomesh.catalog.pipelines.PipelinesConfig;
import dev.trinomesh.catalog.pipelines.run.RunExecution;
import dev.trinomesh.catalog.pipelines.run.RunQueue;
import dev.trinomesh.catalog.pipelines.run.RunStore;
import dev.trinomesh.catalog.registry.api.PipelineDefinition;
import dev.trinomesh.catalog.registry.api.PipelineDefinitions;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * What starts runs without a person: each pipeline's {@code every} and {@code cron}, and commits to the lake tables of
 * the datasets its {@code on} names (a pipeline's own publish is such a commit, so chains run in order). It also
 * starts queued runs, one at a time per pipeline and {@code pipelines.max-concurrent-runs} in all, retries failed ones,
 * drops staged tables kept past their time, and ends runs that a replica which stopped left unfinished. With replicas,
 * all of this is done by the one holding the scheduler's lease: it follows the commit log (whichever replica took the
 * commit), and runs execute on it; another takes over when it stops or dies ({@code cluster.replica-timeout}).
 */
public class PipelineScheduler
{
    private static final Logger log = Logger.get(PipelineScheduler.class);
    private static final java.time.Duration STAGING_SWEEP = java.time.Duration.ofMinutes(1);
    private static final java.time.Duration ORPHAN_SWEEP = java.time.Duration.ofSeconds(2);
    private static final String LEASE = "pipeline-scheduler";

    private final PipelineDefinitions definitions;
    private final RunStore store;
    private final RunQueue queue;
    private final RunExecution execution;
    private final Leases leases;
    private final Replicas replicas;
    private final FeedFollower<DataCommit> commits;
    private final LakeBindings bindings;
    private final LakeStaging staging;
    private final TrinoConnections trino;
    private final int maxConcurrentRuns;
    private final Duration pollInterval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemonThreadsNamed("pipeline-scheduler"));
    private final ExecutorService runners;
    private final AtomicInteger running = new AtomicInteger();
    // Each schedule's last fire, read from the database once per lease and written through: ticks come every few hundred ms.
    private final Map<String, Instant> lastFires = new ConcurrentHashMap<>();
    private Instant nextStagingSweep = Instant.EPOCH;
    private Instant nextOrphanSweep = Instant.EPOCH;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public PipelineScheduler(PipelineDefinitions definitions, RunStore store, RunQueue queue, RunExecution execution, LakeCommits commits, LakeBindings bindings, LakeStaging staging,
            TrinoConnections trino, Leases leases, Replicas replicas, PipelinesConfig config)
    {
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.store = requireNonNull(store, "store is null");
        this.queue = requireNonNull(queue, "queue is null");
        this.execution = requireNonNull(execution, "execution is null");
        this.leases = requireNonNull(leases, "leases is null");
        this.replicas = requireNonNull(replicas, "replicas is null");
        this.commits = new FeedFollower<>(leases, LEASE, commits);
        this.bindings = requireNonNull(bindings, "bindings is null");
        this.staging = requireNonNull(staging, "staging is null");
        this.trino = requireNonNull(trino, "trino is null");
        this.maxConcurrentRuns = config.getMaxConcurrentRuns();
        this.pollInterval = config.getPollInterval();
        this.runners = Executors.newFixedThreadPool(maxConcurrentRuns, daemonThreadsNamed("pipeline-run-%s"));
    }

    @PostConstruct
    @SuppressWarnings("FutureReturnValueIgnored") // the task logs its own failures; nobody waits for it
    public void start()
    {
        if (trino.uri().isEmpty()) {
            log.info("pipelines are off: trino.uri is not set");
            return;
        }
        long interval = pollInterval.toMillis();
        timer.scheduleWithFixedDelay(this::tick, interval, interval, MILLISECONDS);
    }

    @PreDestroy
    public void stop()
    {
        timer.shutdownNow();
        runners.shutdownNow();
    }

    private void tick()
    {
        try {
            if (!leases.holds(LEASE)) {
                // Another replica schedules; when this one takes over, it reads the schedules' last fires afresh.
                lastFires.clear();
                return;
            }
            Instant now = clock.instant();
            if (!now.isBefore(nextOrphanSweep)) {
                recoverOrphans();
                nextOrphanSweep = now.plus(ORPHAN_SWEEP);
            }
            List<PipelineDefinition> active = definitions.active();
            commits.poll(committed -> triggerCommitted(active, committed, now));
            triggerSchedules(active, now);
            startQueued();
            if (!now.isBefore(nextStagingSweep)) {
                dropExpiredStaging(now);
                nextStagingSweep = now.plus(STAGING_SWEEP);
            }
        }
        catch (RuntimeException e) {
            log.error(e, "pipeline scheduling failed; trying again in %s", pollInterval);
        }
    }

    private void triggerCommitted(List<PipelineDefinition> active, List<DataCommit> committed, Instant now)
    {
        Set<String> datasets = new LinkedHashSet<>();
        for (DataCommit commit : committed) {
            for (Binding binding : bindings.of(commit.table())) {
                // Bindings are today's; a commit made before the product existed was none of its business.
                if (!binding.product().createdAt().isAfter(commit.recordedAt())) {
                    datasets.add(binding.product().name() + "." + binding.dataset().name());
                }
            }
        }
        for (PipelineDefinition definition : active) {
            List<String> on = definition.record().descriptor().spec().triggerOrNone().on();
            datasets.stream().filter(on::contains).findFirst()
                    .ifPresent(dataset -> queue.trigger(definition, "commit to " + dataset, now));
        }
    }

    private void triggerSchedules(List<PipelineDefinition> active, Instant now)
    {
        for (PipelineDefinition definition : active) {
            Pipeline.Trigger trigger = definition.record().descriptor().spec().triggerOrNone();
            if (trigger.every() == null && trigger.cron() == null) {
                continue;
            }
            String name = definition.record().name();
            Instant last = lastFires.computeIfAbsent(name, _ -> store.lastFire(name).orElseGet(() -> {
                // A schedule counts from when the service first sees it.
                store.fired(name, now);
                return now;
            }));
            if (!now.isBefore(next(trigger, last))) {
                queue.trigger(definition, "schedule", now);
                // Fires missed while the service was down make one run, not one each.
                store.fired(name, now);
                lastFires.put(name, now);
            }
        }
    }

    private static Instant next(Pipeline.Trigger trigger, Instant last)
    {
        Instant next = Instant.MAX;
        if (trigger.every() != null) {
            next = last.plusMillis(Duration.valueOf(trigger.every()).toMillis());
        }
        if (trigger.cron() != null) {
            Instant cron = CronSchedule.parse(trigger.cron()).next(last);
            next = cron.isBefore(next) ? cron : next;
        }
        return next;
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the run records its own end; nobody waits for it
    private void startQueued()
    {
        Set<String> started = new HashSet<>();
        for (PipelineRun run : store.startable()) {
            if (running.get() >= maxConcurrentRuns) {
                return;
            }
            // The oldest queued run of each pipeline only: one at a time per pipeline.
            if (!started.add(run.pipeline()) || !store.start(run.id(), replicas.self(), clock.instant())) {
                continue;
            }
            running.incrementAndGet();
            runners.submit(() -> {
                try {
                    execution.execute(run);
                    retryIfFailed(run.id());
                }
                catch (RuntimeException e) {
                    log.error(e, "run %s of pipeline %s", run.id(), run.pipeline());
                }
                finally {
                    running.decrementAndGet();
                }
            });
        }
    }

    private void retryIfFailed(long id)
    {
        PipelineRun run = store.find(id).orElseThrow();
        if (run.status() != Status.FAILED) {
            return;
        }
        definitions.active(run.pipeline()).ifPresent(definition -> {
            int retries = definition.descriptor().spec().retriesOrDefault();
            if (run.attempt() <= retries) {
                queue.retry(definition, run);
            }
        });
    }

    private void dropExpiredStaging(Instant now)
    {
        for (long runId : store.keptUntilBefore(now)) {
            store.stagedTables(runId).forEach(staging::discard);
            store.discarded(runId);
        }
    }

    /**
     * Runs left unfinished by a replica that stopped (or died) are failed, their staged writes discarded, and retried as
     * their pipeline says; a run stopped while publishing either published all its tables (one transaction) or none,
     * which the targets tell.
     */
    private void recoverOrphans()
    {
        for (RunStore.Unfinished unfinished : store.executing()) {
            if (replicas.isAlive(unfinished.replica())) {
                continue;
            }
            PipelineRun run = unfinished.run();
            List<StagedTable> staged = store.stagedTables(run.id());
            if (run.status() == Status.PUBLISHING && !staged.isEmpty() && staged.stream().allMatch(staging::isPublished)) {
                staged.forEach(staging::discard);
                store.published(run.id(), staged.stream().map(StagedTable::target).toList());
                store.finish(run.id(), Status.PUBLISHED, Optional.empty(), clock.instant());
                continue;
            }
            staged.forEach(staging::discard);
            store.discarded(run.id());
            store.finish(run.id(), Status.FAILED, Optional.of("nothing was published: the catalog service stopped while the run was %s".formatted(run.status().wireName())), clock.instant());
            log.warn("run %s of pipeline %s was %s when the replica running it (%s) stopped; it failed, and nothing of it was published", run.id(), run.pipeline(), run.status().wireName(),
                    unfinished.replica());
            retryIfFailed(run.id());
        }
    }
}
