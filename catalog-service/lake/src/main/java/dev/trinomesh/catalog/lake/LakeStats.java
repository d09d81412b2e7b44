package dev.trinomesh.catalog.lake;

import io.airlift.stats.CounterStat;
import org.weakref.jmx.Managed;
import org.weakref.jmx.Nested;

/**
 * The lake's commits as the {@link CommitLog} records them: accepted (each accepted commit once, whatever it added) and
 * refused by the contract gate. Exported as an MBean by {@link LakeModule}, so GET /metrics shows them.
 */
public class LakeStats
{
    private final CounterStat commitsAccepted = new CounterStat();
    private final CounterStat commitsRefused = new CounterStat();

    void accepted()
    {
        commitsAccepted.update(1);
    }

    void refused()
    {
        commitsRefused.update(1);
    }

    @Managed
    @Nested
    public CounterStat getCommitsAccepted()
    {
        return commitsAccepted;
    }

    @Managed
    @Nested
    public CounterStat getCommitsRefused()
    {
        return commitsRefused;
    }
}
