package dev.trinomesh.lineage;

import com.google.inject.Inject;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import io.airlift.bootstrap.LifeCycleManager;
import io.airlift.log.Logger;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * The {@code mesh-lineage} event listener: records every completed query that touched a table as an OpenLineage
 * run event. On the query path it only maps the event and offers it to each destination's bounded queue; sending,
 * retrying and spooling happen on the destinations' own threads, so the listener never slows or fails a query.
 */
public final class MeshLineageListener
        implements EventListener
{
    private static final Logger log = Logger.get(MeshLineageListener.class);
    /** Time left after the shutdown deadline for the senders to write what they hold to the spool. */
    private static final long SPOOL_GRACE_NANOS = SECONDS.toNanos(5);

    private final LineageEventMapper mapper;
    private final List<LineageDestination> destinations;
    private final ListenerStats stats;
    private final long shutdownTimeoutNanos;
    private final String spoolDir;
    private final LifeCycleManager lifeCycle;
    private final JmxExports jmx = new JmxExports();
    private final RateLimitedLog mappingFailureLog = new RateLimitedLog(log, 1, MINUTES);
    private final RateLimitedLog closedLog = new RateLimitedLog(log, 1, MINUTES);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    @Inject
    public MeshLineageListener(LineageEventMapper mapper, List<LineageDestination> destinations, ListenerStats stats, MeshLineageConfig config, LifeCycleManager lifeCycle)
    {
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.destinations = List.copyOf(destinations);
        this.stats = requireNonNull(stats, "stats is null");
        this.shutdownTimeoutNanos = config.getShutdownTimeout().roundTo(NANOSECONDS);
        this.spoolDir = config.getSpoolDir();
        this.lifeCycle = requireNonNull(lifeCycle, "lifeCycle is null");
    }

    /**
     * Locks the spool directories and starts the senders, which first replay what a previous run spooled.
     * Fails (and so fails Trino's startup) when a spool directory cannot be used.
     */
    void start()
    {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        List<LineageDestination> prepared = new ArrayList<>();
        for (LineageDestination destination : destinations) {
            try {
                destination.prepare();
                prepared.add(destination);
            }
            catch (IOException | RuntimeException e) {
                prepared.forEach(ready -> ready.beginShutdown(System.nanoTime()));
                Path directory = destination.spool().directory();
                // FileSystemException messages are only the path: say what went wrong
                String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                throw new IllegalArgumentException("mesh.lineage.spool-dir=%s: cannot use %s for the spool of %s (%s). Set it to a writable directory on the coordinator's local disk (a relative path is resolved against Trino's working directory, %s)"
                        .formatted(spoolDir, directory.toAbsolutePath(), destination.name(), reason, Path.of("").toAbsolutePath()), e);
            }
        }
        destinations.forEach(LineageDestination::start);
        jmx.export(JmxExports.listenerName(), stats);
        destinations.forEach(destination -> jmx.export(JmxExports.destinationName(destination.name()), destination.stats()));
        log.info("mesh-lineage: recording queries of namespace '%s' to %s", mapper.namespace(),
                destinations.stream().map(destination -> destination.name() + " (" + destination.uri() + ", spool " + destination.spool().directory().toAbsolutePath() + ")").toList());
    }

    @Override
    public void queryCompleted(QueryCompletedEvent event)
    {
        if (closed.get()) {
            droppedAfterShutdown(event);
            return;
        }
        try {
            Optional<RunEvent> mapped = mapper.map(event);
            if (mapped.isEmpty()) {
                stats.queriesSkipped.incrementAndGet();
                return;
            }
            stats.eventsMapped.incrementAndGet();
            QueuedEvent queued = new QueuedEvent(event.getMetadata().getQueryId(), mapped.orElseThrow());
            boolean refused = false;
            for (LineageDestination destination : destinations) {
                refused |= destination.offer(queued) == LineageDestination.Offer.CLOSED;
            }
            if (refused) {
                droppedAfterShutdown(event);
            }
        }
        catch (RuntimeException e) {
            // Never fail Trino's callback; a mapping bug must not cost more than this query's lineage.
            stats.mappingFailures.incrementAndGet();
            mappingFailureLog.error("mesh-lineage: cannot build the event of query %s, it is not recorded: %s", event.getMetadata().getQueryId(), e);
            log.debug(e, "mapping failure of query %s", event.getMetadata().getQueryId());
        }
    }

    /**
     * Stops taking events, sends what is queued within {@code mesh.lineage.shutdown-timeout} and spools the rest,
     * so that a restart loses nothing. Called by Trino when the coordinator stops.
     */
    @Override
    public void shutdown()
    {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + shutdownTimeoutNanos;
        destinations.forEach(destination -> destination.beginShutdown(deadline));
        try {
            for (LineageDestination destination : destinations) {
                if (!destination.awaitTermination(deadline + SPOOL_GRACE_NANOS)) {
                    log.error("%s: the sender did not stop in time; up to %s queued events may be lost (%s)", destination.name(), destination.stats().getQueueSize(), destination.stats());
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("mesh-lineage: interrupted while waiting for the senders to stop");
        }
        finally {
            jmx.unexportAll();
            try {
                lifeCycle.stop();
            }
            catch (Exception e) {
                log.warn(e, "mesh-lineage: stopping the HTTP clients failed");
            }
        }
    }

    ListenerStats stats()
    {
        return stats;
    }

    List<LineageDestination> destinations()
    {
        return destinations;
    }

    private void droppedAfterShutdown(QueryCompletedEvent event)
    {
        stats.droppedAfterShutdown.incrementAndGet();
        closedLog.warn("mesh-lineage: query %s completed after the listener shut down; it is not recorded", event.getMetadata().getQueryId());
    }
}
