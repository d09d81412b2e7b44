package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceException;
import dev.trinomesh.api.model.CatalogSnapshot;
import dev.trinomesh.connector.MeshConfig;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import io.trino.spi.TrinoException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.trinomesh.connector.MeshErrorCode.MESH_CATALOG_UNAVAILABLE;
import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Holds the current {@link MeshCatalog} so that no query waits on the catalog service. A background
 * task asks the service every refresh interval whether the registry moved (a conditional request;
 * 304 when not) and swaps in a new compiled catalog when it did. While the service is unreachable the
 * last good catalog is served, up to {@code mesh.metadata.max-staleness}; then metadata calls fail
 * with an error that says why. Polling starts with the first use, so worker nodes never poll.
 */
public class MeshCatalogCache
{
    private static final Logger log = Logger.get(MeshCatalogCache.class);

    private final CatalogServiceClient client;
    private final MeshCatalogCompiler compiler;
    private final Duration refreshInterval;
    private final Duration maxStaleness;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(daemonThreadsNamed("mesh-catalog-refresh"));
    private final AtomicBoolean started = new AtomicBoolean();
    private final Object loadLock = new Object();

    private volatile State state = new State(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    private record State(Optional<MeshCatalog> catalog, Optional<Instant> lastContact, Optional<RuntimeException> lastFailure, Optional<Instant> lastFailureAt) {}

    @Inject
    public MeshCatalogCache(CatalogServiceClient client, MeshCatalogCompiler compiler, MeshConfig config)
    {
        this(client, compiler, config, Clock.systemUTC());
    }

    public MeshCatalogCache(CatalogServiceClient client, MeshCatalogCompiler compiler, MeshConfig config, Clock clock)
    {
        this.client = requireNonNull(client, "client is null");
        this.compiler = requireNonNull(compiler, "compiler is null");
        this.refreshInterval = config.getRefreshInterval();
        this.maxStaleness = config.getMaxStaleness();
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The current catalog; loads it on first use, and fails when it is missing or too stale. */
    public MeshCatalog current()
    {
        startPolling();
        State current = state;
        if (current.catalog().isEmpty()) {
            // The first load happens on a query thread; after a failure, queries fail fast until the next poll.
            synchronized (loadLock) {
                if (state.catalog().isEmpty() && !failedRecently(state)) {
                    refreshLocked();
                }
            }
            current = state;
        }
        State loaded = current;
        MeshCatalog catalog = loaded.catalog().orElseThrow(() -> unavailable(loaded, "cannot be reached"));
        Instant contact = current.lastContact().orElseThrow();
        java.time.Duration age = java.time.Duration.between(contact, clock.instant());
        if (age.toMillis() > maxStaleness.toMillis()) {
            throw unavailable(current, "was last reached %s ago, longer than mesh.metadata.max-staleness (%s)".formatted(Duration.succinctDuration((double) age.toMillis(), MILLISECONDS), maxStaleness));
        }
        return catalog;
    }

    /**
     * Asks the service for changes once; never throws (failures are kept and reported by {@link #current()}).
     * One refresh at a time: the first load on a query thread and the poller must not overwrite each other.
     */
    public void refresh()
    {
        synchronized (loadLock) {
            refreshLocked();
        }
    }

    private void refreshLocked()
    {
        State previous = state;
        try {
            Optional<CatalogSnapshot> changed = client.snapshotIfChanged(previous.catalog().map(MeshCatalog::revision));
            Instant now = clock.instant();
            MeshCatalog catalog = changed.map(compiler::compile).or(previous::catalog).orElseThrow();
            if (changed.isPresent()) {
                log.debug("mesh catalog now at registry revision %s (%s products)", catalog.revision(), catalog.products().size());
            }
            if (previous.lastFailure().isPresent()) {
                log.info("catalog service at %s reachable again", client.baseUri());
            }
            state = new State(Optional.of(catalog), Optional.of(now), Optional.empty(), Optional.empty());
        }
        catch (RuntimeException e) {
            if (previous.lastFailure().isEmpty()) {
                log.warn("cannot refresh the mesh catalog from %s: %s", client.baseUri(), e.getMessage());
            }
            state = new State(previous.catalog(), previous.lastContact(), Optional.of(e), Optional.of(clock.instant()));
        }
    }

    private boolean failedRecently(State state)
    {
        return state.lastFailureAt()
                .map(failedAt -> java.time.Duration.between(failedAt, clock.instant()).toMillis() < refreshInterval.toMillis())
                .orElse(false);
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the task logs its own failures; nobody waits for it
    private void startPolling()
    {
        if (started.compareAndSet(false, true)) {
            long millis = refreshInterval.toMillis();
            executor.scheduleWithFixedDelay(this::refresh, millis, millis, MILLISECONDS);
        }
    }

    private TrinoException unavailable(State state, String condition)
    {
        String cause = state.lastFailure()
                .map(failure -> failure instanceof CatalogServiceException ? failure.getMessage() : failure.toString())
                .orElse("no answer yet");
        return new TrinoException(MESH_CATALOG_UNAVAILABLE, "The mesh catalog %s: the catalog service at %s %s. Last error: %s. Check that the service runs and that mesh.catalog-service.uri is right."
                .formatted(state.catalog().isPresent() ? "is too stale to serve" : "is unavailable", client.baseUri(), condition, cause));
    }

    @PreDestroy
    public void stop()
    {
        executor.shutdownNow();
    }
}
