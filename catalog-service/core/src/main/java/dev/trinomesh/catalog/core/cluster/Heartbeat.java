package dev.trinomesh.catalog.core.cluster;

import io.airlift.log.Logger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/** Every {@code cluster.heartbeat-interval}: this replica is alive, and keeps its leases. At stop: it leaves. */
public class Heartbeat
{
    private static final Logger log = Logger.get(Heartbeat.class);

    private final Replicas replicas;
    private final Leases leases;
    private final long intervalMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> Thread.ofPlatform().daemon().name("replica-heartbeat").unstarted(runnable));

    @Inject
    public Heartbeat(Replicas replicas, Leases leases, ClusterConfig config)
    {
        this.replicas = requireNonNull(replicas, "replicas is null");
        this.leases = requireNonNull(leases, "leases is null");
        this.intervalMillis = config.getHeartbeatInterval().toMillis();
    }

    @PostConstruct
    @SuppressWarnings("FutureReturnValueIgnored") // the task logs its own failures; nobody waits for it
    public void start()
    {
        replicas.beat();
        log.info("replica %s is alive", replicas.self());
        timer.scheduleWithFixedDelay(this::beat, intervalMillis, intervalMillis, MILLISECONDS);
    }

    private void beat()
    {
        try {
            replicas.beat();
            leases.renewAll();
        }
        catch (RuntimeException e) {
            // The database away: the leases lapse after the timeout, and another replica (or this one, later) takes them.
            log.warn("replica %s cannot record its heartbeat: %s", replicas.self(), e.getMessage());
        }
    }

    @PreDestroy
    public void stop()
    {
        timer.shutdownNow();
        try {
            leases.releaseAll();
            replicas.leave();
        }
        catch (RuntimeException e) {
            log.warn("replica %s could not say it stops (the others take its work after the timeout): %s", replicas.self(), e.getMessage());
        }
    }
}
