package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.api.model.GovernanceSnapshot;
import io.airlift.stats.CounterStat;
import org.weakref.jmx.Managed;
import org.weakref.jmx.Nested;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The governance snapshot served to the Trinos' access controls ({@link GovernanceSnapshotResource}): how often it was
 * sent whole or answered 304 (a poller already holding the current revision), the size of the last one sent (its
 * products, policies, served tables and users with attributes) and how old it is: the seconds since it was sent, and
 * since any poll (NaN before the first). Exported as an MBean by the registry's module.
 */
public class GovernanceSnapshotStats
{
    private static final long NEVER = Long.MIN_VALUE;

    private final CounterStat served = new CounterStat();
    private final CounterStat notModified = new CounterStat();
    private final AtomicReference<GovernanceSnapshot> last = new AtomicReference<>();
    private final AtomicLong lastServedMillis = new AtomicLong(NEVER);
    private final AtomicLong lastPollMillis = new AtomicLong(NEVER);

    void served(GovernanceSnapshot snapshot)
    {
        long now = System.currentTimeMillis();
        served.update(1);
        last.set(snapshot);
        lastServedMillis.set(now);
        lastPollMillis.set(now);
    }

    void notModified()
    {
        notModified.update(1);
        lastPollMillis.set(System.currentTimeMillis());
    }

    @Managed
    @Nested
    public CounterStat getServed()
    {
        return served;
    }

    @Managed
    @Nested
    public CounterStat getNotModified()
    {
        return notModified;
    }

    @Managed(description = "Registry revision of the last snapshot sent; -1 before the first")
    public long getRevision()
    {
        GovernanceSnapshot snapshot = last.get();
        return snapshot == null ? -1 : snapshot.revision();
    }

    @Managed(description = "Products in the last snapshot sent")
    public long getProducts()
    {
        GovernanceSnapshot snapshot = last.get();
        return snapshot == null ? 0 : snapshot.products().size();
    }

    @Managed(description = "Policies in the last snapshot sent")
    public long getPolicies()
    {
        GovernanceSnapshot snapshot = last.get();
        return snapshot == null ? 0 : snapshot.policies().size();
    }

    @Managed(description = "Tables served beside datasets (releases, pinned versions) in the last snapshot sent")
    public long getVariants()
    {
        GovernanceSnapshot snapshot = last.get();
        return snapshot == null ? 0 : snapshot.variants().size();
    }

    @Managed(description = "Users with attributes in the last snapshot sent")
    public long getUsersWithAttributes()
    {
        GovernanceSnapshot snapshot = last.get();
        return snapshot == null ? 0 : snapshot.userAttributes().size();
    }

    @Managed(description = "Seconds since a snapshot was last sent whole; NaN before the first")
    public double getSecondsSinceServed()
    {
        return secondsSince(lastServedMillis.get());
    }

    @Managed(description = "Seconds since the last poll, answered whole or with 304; NaN before the first")
    public double getSecondsSinceLastPoll()
    {
        return secondsSince(lastPollMillis.get());
    }

    private static double secondsSince(long millis)
    {
        return millis == NEVER ? Double.NaN : Math.max(0, System.currentTimeMillis() - millis) / 1000.0;
    }
}
