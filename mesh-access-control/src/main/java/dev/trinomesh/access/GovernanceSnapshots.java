package dev.trinomesh.access;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.api.model.GovernanceSnapshot;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.ObjectName;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the compiled governance snapshot current: a background thread long-polls the catalog service
 * (the request returns as soon as the registry revision moves), so no decision waits on the network.
 * A snapshot not confirmed within {@code mesh.governance.max-staleness} is not used: decisions fail closed.
 */
public class GovernanceSnapshots
        implements GovernanceSource, GovernanceSnapshotsMBean
{
    static final String OBJECT_NAME = "dev.trinomesh.access:name=mesh-access-control";

    private static final Logger log = Logger.get(GovernanceSnapshots.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final CatalogServiceClient client;
    private final MeshAccessControlConfig config;
    private final AtomicReference<State> state = new AtomicReference<>(new State(Optional.empty(), 0, Optional.empty()));
    private volatile boolean running;
    private Thread refresher;
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong pollFailures = new AtomicLong();
    private final AtomicLong snapshotsLoaded = new AtomicLong();
    private ObjectName exported;

    private record State(Optional<CompiledGovernance> governance, long confirmedAtNanos, Optional<String> lastError) {}

    @Inject
    public GovernanceSnapshots(CatalogServiceClient client, MeshAccessControlConfig config)
    {
        this.client = requireNonNull(client, "client is null");
        this.config = requireNonNull(config, "config is null");
    }

    @PostConstruct
    public synchronized void start()
    {
        if (running) {
            return;
        }
        running = true;
        export();
        // One attempt before Trino serves queries, so that a healthy start never begins closed.
        refreshOnce(Duration.succinctDuration(0, TimeUnit.SECONDS));
        refresher = Thread.ofPlatform().daemon().name("mesh-governance-refresh").start(this::refreshLoop);
    }

    @PreDestroy
    @Override
    public synchronized void stop()
    {
        running = false;
        if (refresher != null) {
            refresher.interrupt();
        }
        if (exported != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(exported);
            }
            catch (JMException e) {
                log.debug(e, "could not unexport %s", exported);
            }
            exported = null;
        }
    }

    /** On the platform MBean server, where Trino's jmx catalog and its /metrics look; a second instance in one JVM (tests) is not exported. */
    private void export()
    {
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, name);
            exported = name;
        }
        catch (InstanceAlreadyExistsException e) {
            log.warn("%s is already exported by another mesh access control in this JVM; this one's counters are not exported", OBJECT_NAME);
        }
        catch (JMException e) {
            log.warn(e, "could not export %s", OBJECT_NAME);
        }
    }

    @Override
    public long getPolls()
    {
        return polls.get();
    }

    @Override
    public long getPollFailures()
    {
        return pollFailures.get();
    }

    @Override
    public long getSnapshotsLoaded()
    {
        return snapshotsLoaded.get();
    }

    @Override
    public long getRevision()
    {
        return state.get().governance().map(CompiledGovernance::revision).orElse(-1L);
    }

    @Override
    public double getSecondsSinceConfirmed()
    {
        State current = state.get();
        return current.governance().isEmpty() ? Double.NaN : (System.nanoTime() - current.confirmedAtNanos()) / 1e9;
    }

    @Override
    public boolean isFailingClosed()
    {
        return current().isEmpty();
    }

    @Override
    public Optional<CompiledGovernance> current()
    {
        State current = state.get();
        if (current.governance().isEmpty() || System.nanoTime() - current.confirmedAtNanos() > config.getMaxStaleness().roundTo(TimeUnit.NANOSECONDS)) {
            return Optional.empty();
        }
        return current.governance();
    }

    @Override
    public String unavailableReason()
    {
        State current = state.get();
        String error = current.lastError().map(message -> ": " + message).orElse("");
        if (current.governance().isEmpty()) {
            return "no governance snapshot has been loaded from the catalog service at %s yet%s".formatted(client.baseUri(), error);
        }
        long ageSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - current.confirmedAtNanos());
        return "the governance snapshot (revision %s) was last confirmed by the catalog service at %s %ss ago, more than mesh.governance.max-staleness=%s%s"
                .formatted(current.governance().orElseThrow().revision(), client.baseUri(), ageSeconds, config.getMaxStaleness(), error);
    }

    private void refreshLoop()
    {
        long backoff = 100;
        while (running) {
            if (refreshOnce(config.getPollWait())) {
                backoff = 100;
                continue;
            }
            try {
                Thread.sleep(backoff);
            }
            catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    private boolean refreshOnce(Duration wait)
    {
        State before = state.get();
        try {
            Optional<GovernanceSnapshot> changed = client.governanceSnapshotIfChanged(before.governance().map(CompiledGovernance::revision), wait);
            long now = System.nanoTime();
            polls.incrementAndGet();
            if (changed.isPresent()) {
                CompiledGovernance compiled = CompiledGovernance.compile(changed.orElseThrow(), config.getAdmins());
                state.set(new State(Optional.of(compiled), now, Optional.empty()));
                snapshotsLoaded.incrementAndGet();
                log.debug("Loaded governance snapshot revision %s: %s products, %s policies", compiled.revision(), changed.orElseThrow().products().size(), changed.orElseThrow().policies().size());
            }
            else {
                state.set(new State(before.governance(), now, Optional.empty()));
            }
            return true;
        }
        // An Error too (a policy too deep to compile): the refresher must live on and back off, not end silently.
        catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw e;
            }
            pollFailures.incrementAndGet();
            if (before.lastError().isEmpty()) {
                log.warn("Cannot refresh the governance snapshot from %s (decisions use the last one for up to %s, then fail closed): %s", client.baseUri(), config.getMaxStaleness(), e.getMessage());
            }
            state.set(new State(before.governance(), before.confirmedAtNanos(), Optional.of("%s (at %s)".formatted(e.getMessage(), Instant.now()))));
            return false;
        }
    }
}
