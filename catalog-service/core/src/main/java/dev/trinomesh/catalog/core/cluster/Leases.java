package dev.trinomesh.catalog.core.cluster;

import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * Named work that one replica does at a time, such as firing schedules or following the commit log: the replica
 * that holds a lease renews it with every heartbeat; when it stops or dies, another takes it at its next
 * {@link #holds} after the lease expired ({@code cluster.replica-timeout}). A lease also keeps its holder's
 * position in what it follows, advanced only by the holder, so that the next holder goes on where the last stopped:
 * everything followed is handled at least once, and, by a holder that is alive, once.
 * <p>
 * A holder that stalls for longer than the timeout (a long pause) may act once more after losing its lease: the work
 * done under a lease is queueing, which the queues make idempotent, never the work itself.
 */
public class Leases
{
    private final Jdbi jdbi;
    private final Replicas replicas;
    private final Duration ttl;
    private final Duration renewEvery;
    private final Clock clock;
    // Leases this replica holds, with when each was last renewed: a holds() within the heartbeat asks no database.
    private final Map<String, Instant> held = new ConcurrentHashMap<>();

    @Inject
    public Leases(Jdbi jdbi, Replicas replicas, ClusterConfig config)
    {
        this(jdbi, replicas, config, Clock.systemUTC());
    }

    Leases(Jdbi jdbi, Replicas replicas, ClusterConfig config, Clock clock)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.replicas = requireNonNull(replicas, "replicas is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ttl = config.getReplicaTimeout().toJavaTime();
        this.renewEvery = config.getHeartbeatInterval().toJavaTime();
    }

    /** Whether this replica holds lease {@code name} now, taking it when it is free or expired. */
    public boolean holds(String name)
    {
        checkArgument(name.matches("[a-z][a-z0-9-]{0,63}"), "bad lease name: %s", name);
        Instant now = clock.instant();
        Instant renewed = held.get(name);
        if (renewed != null && now.isBefore(renewed.plus(renewEvery))) {
            return true;
        }
        boolean holds = jdbi.inTransaction(handle -> renew(handle, name, now) || take(handle, name, now));
        if (holds) {
            held.put(name, now);
        }
        else {
            held.remove(name);
        }
        return holds;
    }

    /** How far the holders of {@code name} got in what they follow; -1 before the first says. */
    public long position(String name)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT position FROM service_leases WHERE name = :name")
                .bind("name", name)
                .mapTo(Long.class)
                .findOne()
                .orElse(-1L));
    }

    /** Records how far this replica got; false, recording nothing, when it no longer holds the lease. */
    public boolean advance(String name, long position)
    {
        boolean advanced = jdbi.withHandle(handle -> handle.createUpdate("UPDATE service_leases SET position = :position WHERE name = :name AND holder = :self")
                .bind("name", name)
                .bind("self", replicas.self())
                .bind("position", position)
                .execute() == 1);
        if (!advanced) {
            held.remove(name);
        }
        return advanced;
    }

    /** Renews every lease this replica holds; a lease another replica took meanwhile is dropped. */
    void renewAll()
    {
        Instant now = clock.instant();
        for (String name : held.keySet()) {
            if (jdbi.withHandle(handle -> renew(handle, name, now))) {
                held.put(name, now);
            }
            else {
                held.remove(name);
            }
        }
    }

    /** Ends this replica's leases, for a replica that stops: the others take them at their next look. */
    void releaseAll()
    {
        held.clear();
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE service_leases SET expires_at = :past WHERE holder = :self")
                .bind("self", replicas.self())
                .bind("past", Timestamp.from(Instant.EPOCH))
                .execute());
    }

    private boolean renew(Handle handle, String name, Instant now)
    {
        return handle.createUpdate("""
                        UPDATE service_leases SET holder = :self, expires_at = :expires
                        WHERE name = :name AND (holder = :self OR expires_at < :now)""")
                .bind("name", name)
                .bind("self", replicas.self())
                .bind("expires", Timestamp.from(now.plus(ttl)))
                .bind("now", Timestamp.from(now))
                .execute() == 1;
    }

    private boolean take(Handle handle, String name, Instant now)
    {
        return handle.createUpdate("INSERT INTO service_leases (name, holder, expires_at, position) VALUES (:name, :self, :expires, -1) ON CONFLICT DO NOTHING")
                .bind("name", name)
                .bind("self", replicas.self())
                .bind("expires", Timestamp.from(now.plus(ttl)))
                .execute() == 1;
    }
}
