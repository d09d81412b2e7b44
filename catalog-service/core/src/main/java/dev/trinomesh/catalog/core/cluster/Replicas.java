package dev.trinomesh.catalog.core.cluster;

import jakarta.inject.Inject;
import org.jdbi.v3.core.Jdbi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The replicas of the service that share its database, as the database knows them: each records a heartbeat
 * ({@link Heartbeat}), and one not heard of for {@code cluster.replica-timeout} is dead, so that the work it held
 * (a run it was executing) is taken over by another. A replica's id is new at every start: a replica restarted
 * under the same name has lost what its previous process was doing, and is not mistaken for it. Liveness is
 * judged by each replica's own clock: replicas on several machines need their clocks synchronized (NTP) to well
 * within the timeout. A replica judges another dead by its silence only once its own heartbeats have gone through for
 * the timeout: after the database was away, every heartbeat is old, and nobody is dead for that.
 */
public class Replicas
{
    private final Jdbi jdbi;
    private final String self;
    private final String host;
    private final Duration timeout;
    private final Clock clock;
    // Since when this replica's heartbeats go through; null before the first, and after one failed.
    private volatile Instant beatingSince;

    @Inject
    public Replicas(Jdbi jdbi, ClusterConfig config)
    {
        this(jdbi, config, Clock.systemUTC());
    }

    Replicas(Jdbi jdbi, ClusterConfig config, Clock clock)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.timeout = config.getReplicaTimeout().toJavaTime();
        this.host = hostName();
        this.self = host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This replica's id, unique to this process. */
    public String self()
    {
        return self;
    }

    /**
     * Whether {@code replica} is this one, or has recorded a heartbeat within the timeout, or may have while this one
     * could not tell (its own heartbeats have not gone through for the timeout yet). One that left, or is null, is dead.
     */
    public boolean isAlive(String replica)
    {
        if (self.equals(replica)) {
            return true;
        }
        if (replica == null) {
            return false;
        }
        Optional<Instant> heartbeat = jdbi.withHandle(handle -> handle.createQuery("SELECT heartbeat_at FROM service_replicas WHERE id = :id")
                .bind("id", replica)
                .mapTo(Timestamp.class)
                .findOne()
                .map(Timestamp::toInstant));
        if (heartbeat.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        Instant since = beatingSince;
        return heartbeat.orElseThrow().isAfter(now.minus(timeout)) || since == null || now.isBefore(since.plus(timeout));
    }

    /** Records that this replica is alive (first call: that it started), and forgets replicas dead for long. */
    void beat()
    {
        Instant now = clock.instant();
        try {
            record(now);
        }
        catch (RuntimeException e) {
            beatingSince = null;
            throw e;
        }
        if (beatingSince == null) {
            beatingSince = now;
        }
    }

    private void record(Instant now)
    {
        jdbi.useTransaction(handle -> {
            int updated = handle.createUpdate("UPDATE service_replicas SET heartbeat_at = :now WHERE id = :id")
                    .bind("id", self)
                    .bind("now", Timestamp.from(now))
                    .execute();
            if (updated == 0) {
                handle.createUpdate("INSERT INTO service_replicas (id, host, started_at, heartbeat_at) VALUES (:id, :host, :now, :now)")
                        .bind("id", self)
                        .bind("host", host)
                        .bind("now", Timestamp.from(now))
                        .execute();
            }
            // Rows of replicas dead for a day go, so that the table stays as small as the deployment.
            handle.createUpdate("DELETE FROM service_replicas WHERE heartbeat_at < :longAgo")
                    .bind("longAgo", Timestamp.from(now.minus(Duration.ofDays(1))))
                    .execute();
        });
    }

    /** A replica that stops says so, so that its work is taken over at once rather than after the timeout. */
    void leave()
    {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM service_replicas WHERE id = :id").bind("id", self).execute());
    }

    private static String hostName()
    {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
