package dev.trinomesh.catalog.quality;

import io.airlift.stats.CounterStat;
import jakarta.inject.Inject;
import org.weakref.jmx.Managed;
import org.weakref.jmx.Nested;

import static java.util.Objects.requireNonNull;

/**
 * Quality runs executed by {@link QualityRuns} (started, succeeded, failed: a failed run is one that could not finish,
 * not one whose checks failed), and the circuit breakers open now (datasets a blocking check failed for, which the mesh
 * connector refuses to read; counted from the stored health on each read). Exported as an MBean by {@link QualityModule}.
 */
public class QualityStats
{
    private final QualityStore store;
    private final CounterStat runsStarted = new CounterStat();
    private final CounterStat runsSucceeded = new CounterStat();
    private final CounterStat runsFailed = new CounterStat();

    @Inject
    public QualityStats(QualityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    void started()
    {
        runsStarted.update(1);
    }

    void succeeded()
    {
        runsSucceeded.update(1);
    }

    void failed()
    {
        runsFailed.update(1);
    }

    @Managed
    @Nested
    public CounterStat getRunsStarted()
    {
        return runsStarted;
    }

    @Managed
    @Nested
    public CounterStat getRunsSucceeded()
    {
        return runsSucceeded;
    }

    @Managed
    @Nested
    public CounterStat getRunsFailed()
    {
        return runsFailed;
    }

    @Managed(description = "Datasets whose circuit breaker is open (a blocking check failed)")
    public long getOpenCircuitBreakers()
    {
        return store.all().stream().filter(quality -> quality.blockedBy() != null).count();
    }
}
