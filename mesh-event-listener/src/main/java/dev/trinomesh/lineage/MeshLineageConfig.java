package dev.trinomesh.lineage;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.airlift.units.MaxDataSize;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDataSize;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.airlift.units.DataSize.Unit.GIGABYTE;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

/** Settings of the {@code mesh-lineage} event listener (besides {@code mesh.catalog-service.*}). */
public class MeshLineageConfig
{
    private String namespace = "trino";
    private int queueCapacity = 10_000;
    private int batchSize = 500;
    private Duration batchLinger = new Duration(200, MILLISECONDS);
    private Duration retryInitialDelay = new Duration(1, SECONDS);
    private Duration retryMaxDelay = new Duration(1, MINUTES);
    private String spoolDir = "var/mesh-lineage-spool";
    private DataSize spoolMaxSize = DataSize.of(1, GIGABYTE);
    private SpoolFullPolicy spoolFullPolicy = SpoolFullPolicy.DROP_NEWEST;
    private Duration shutdownTimeout = new Duration(10, SECONDS);
    private List<String> ignoredCatalogs = List.of("system");
    private List<String> ignoredSchemas = List.of("information_schema");
    private List<String> forwardUris = List.of();
    private String forwardApiKey;

    @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:/-]*", message = "mesh.lineage.namespace must be a name such as 'trino' or 'trino-prod' (letters, digits, . _ : / -)")
    public String getNamespace()
    {
        return namespace;
    }

    @Config("mesh.lineage.namespace")
    @ConfigDescription("OpenLineage namespace of this Trino's jobs and datasets; the catalog service's lineage.trino-namespace must match")
    public MeshLineageConfig setNamespace(String namespace)
    {
        this.namespace = namespace;
        return this;
    }

    @Min(1)
    @Max(10_000_000)
    public int getQueueCapacity()
    {
        return queueCapacity;
    }

    @Config("mesh.lineage.queue-capacity")
    @ConfigDescription("Events held in memory per destination before new ones are dropped (counted, logged); the query path never waits")
    public MeshLineageConfig setQueueCapacity(int queueCapacity)
    {
        this.queueCapacity = queueCapacity;
        return this;
    }

    @Min(1)
    @Max(5_000) // the lineage store takes at most 5,000 events per batch; a larger one would cost a 413 and a split
    public int getBatchSize()
    {
        return batchSize;
    }

    @Config("mesh.lineage.batch-size")
    @ConfigDescription("Most events sent to the catalog service in one request (also the most events in one spool segment)")
    public MeshLineageConfig setBatchSize(int batchSize)
    {
        this.batchSize = batchSize;
        return this;
    }

    @NotNull
    @MinDuration("0ms")
    @MaxDuration("1m")
    public Duration getBatchLinger()
    {
        return batchLinger;
    }

    @Config("mesh.lineage.batch-linger")
    @ConfigDescription("How long the sender waits for a batch to fill after its first event")
    public MeshLineageConfig setBatchLinger(Duration batchLinger)
    {
        this.batchLinger = batchLinger;
        return this;
    }

    @NotNull
    @MinDuration("1ms")
    public Duration getRetryInitialDelay()
    {
        return retryInitialDelay;
    }

    @Config("mesh.lineage.retry-initial-delay")
    @ConfigDescription("Wait after the first failed send; doubles with every further failure up to mesh.lineage.retry-max-delay")
    public MeshLineageConfig setRetryInitialDelay(Duration retryInitialDelay)
    {
        this.retryInitialDelay = retryInitialDelay;
        return this;
    }

    @NotNull
    @MinDuration("1ms")
    @MaxDuration("1h")
    public Duration getRetryMaxDelay()
    {
        return retryMaxDelay;
    }

    @Config("mesh.lineage.retry-max-delay")
    @ConfigDescription("Longest wait between attempts while a destination is unreachable")
    public MeshLineageConfig setRetryMaxDelay(Duration retryMaxDelay)
    {
        this.retryMaxDelay = retryMaxDelay;
        return this;
    }

    @AssertTrue(message = "mesh.lineage.retry-max-delay must not be shorter than mesh.lineage.retry-initial-delay")
    public boolean isRetryDelaysOrdered()
    {
        return retryInitialDelay == null || retryMaxDelay == null || retryMaxDelay.compareTo(retryInitialDelay) >= 0;
    }

    @Pattern(regexp = ".*\\S.*", message = "mesh.lineage.spool-dir must name a directory, e.g. var/mesh-lineage-spool (relative to Trino's data directory)")
    @NotNull
    public String getSpoolDir()
    {
        return spoolDir;
    }

    @Config("mesh.lineage.spool-dir")
    @ConfigDescription("Directory of the spool (one subdirectory per destination); relative paths are resolved against Trino's working directory, the data directory")
    public MeshLineageConfig setSpoolDir(String spoolDir)
    {
        this.spoolDir = spoolDir;
        return this;
    }

    @NotNull
    @MinDataSize("1kB")
    @MaxDataSize("1TB")
    public DataSize getSpoolMaxSize()
    {
        return spoolMaxSize;
    }

    @Config("mesh.lineage.spool-max-size")
    @ConfigDescription("Disk space the spool of each destination may use (its rejected/ directory has the same limit)")
    public MeshLineageConfig setSpoolMaxSize(DataSize spoolMaxSize)
    {
        this.spoolMaxSize = spoolMaxSize;
        return this;
    }

    @NotNull
    public SpoolFullPolicy getSpoolFullPolicy()
    {
        return spoolFullPolicy;
    }

    @Config("mesh.lineage.spool-full-policy")
    @ConfigDescription("What to drop when the spool is full: drop-newest (the events that do not fit) or drop-oldest (the oldest spooled events)")
    public MeshLineageConfig setSpoolFullPolicy(SpoolFullPolicy spoolFullPolicy)
    {
        this.spoolFullPolicy = spoolFullPolicy;
        return this;
    }

    @NotNull
    @MinDuration("0s")
    @MaxDuration("10m")
    public Duration getShutdownTimeout()
    {
        return shutdownTimeout;
    }

    @Config("mesh.lineage.shutdown-timeout")
    @ConfigDescription("On shutdown, how long to try sending queued events before spooling the rest")
    public MeshLineageConfig setShutdownTimeout(Duration shutdownTimeout)
    {
        this.shutdownTimeout = shutdownTimeout;
        return this;
    }

    @NotNull
    public List<String> getIgnoredCatalogs()
    {
        return ignoredCatalogs;
    }

    @Config("mesh.lineage.ignored-catalogs")
    @ConfigDescription("Catalogs whose tables are left out of events; a query touching only such tables sends nothing")
    public MeshLineageConfig setIgnoredCatalogs(List<String> ignoredCatalogs)
    {
        this.ignoredCatalogs = nonBlank(ignoredCatalogs);
        return this;
    }

    @NotNull
    public List<String> getIgnoredSchemas()
    {
        return ignoredSchemas;
    }

    @Config("mesh.lineage.ignored-schemas")
    @ConfigDescription("Schemas (in any catalog) whose tables are left out of events")
    public MeshLineageConfig setIgnoredSchemas(List<String> ignoredSchemas)
    {
        this.ignoredSchemas = nonBlank(ignoredSchemas);
        return this;
    }

    @NotNull
    public List<String> getForwardUris()
    {
        return forwardUris;
    }

    @Config("mesh.lineage.forward.uris")
    @ConfigDescription("OpenLineage HTTP endpoints that also receive every event, one per request, e.g. http://marquez:5000/api/v1/lineage")
    public MeshLineageConfig setForwardUris(List<String> forwardUris)
    {
        this.forwardUris = nonBlank(forwardUris);
        return this;
    }

    @AssertTrue(message = "mesh.lineage.forward.uris must be distinct absolute http or https URIs of OpenLineage endpoints, e.g. http://marquez:5000/api/v1/lineage")
    public boolean isForwardUrisValid()
    {
        Set<URI> seen = new HashSet<>();
        for (String uri : forwardUris) {
            URI parsed;
            try {
                parsed = URI.create(uri);
            }
            catch (IllegalArgumentException e) {
                return false;
            }
            if (!("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme())) || parsed.getHost() == null || !seen.add(parsed)) {
                return false;
            }
        }
        return true;
    }

    public List<URI> getForwardUriList()
    {
        return forwardUris.stream().map(URI::create).toList();
    }

    public Optional<String> getForwardApiKey()
    {
        return Optional.ofNullable(forwardApiKey);
    }

    @Config("mesh.lineage.forward.api-key")
    @ConfigSecuritySensitive
    @ConfigDescription("API key for the OpenLineage endpoints, sent as a bearer token")
    public MeshLineageConfig setForwardApiKey(String forwardApiKey)
    {
        this.forwardApiKey = forwardApiKey == null || forwardApiKey.isBlank() ? null : forwardApiKey;
        return this;
    }

    private static List<String> nonBlank(List<String> values)
    {
        return values.stream().map(String::strip).filter(value -> !value.isEmpty()).toList();
    }
}
