package dev.trinomesh.catalog.search;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import jakarta.validation.constraints.NotNull;

import java.util.List;

import static java.util.concurrent.TimeUnit.SECONDS;

/** How fresh searches are, and whose reading recommendations leave out. */
public class SearchConfig
{
    private Duration rebuildWait = new Duration(1, SECONDS);
    private List<String> excludedReaders = List.of("mesh-quality");

    @NotNull
    @MaxDuration("1m")
    public Duration getRebuildWait()
    {
        return rebuildWait;
    }

    @Config("search.rebuild-wait")
    @ConfigDescription("How long a search waits for the index to catch up with a registry change before it answers from the previous index; 0s never waits")
    public SearchConfig setRebuildWait(Duration rebuildWait)
    {
        this.rebuildWait = rebuildWait;
        return this;
    }

    @NotNull
    public List<String> getExcludedReaders()
    {
        return excludedReaders;
    }

    @Config("search.recommendations.excluded-readers")
    @ConfigDescription("Users whose reading is no one's interest, comma-separated: the quality checks' identity (quality.trino-user) and other service accounts; trino.user, the Trinos (governance.snapshot-readers) and product identities are left out anyway")
    public SearchConfig setExcludedReaders(List<String> excludedReaders)
    {
        this.excludedReaders = List.copyOf(excludedReaders);
        return this;
    }
}
