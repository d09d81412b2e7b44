package dev.trinomesh.catalog.lineage;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;

import static java.util.concurrent.TimeUnit.SECONDS;

/** The lineage store: who may send it OpenLineage events, and how Trino's dataset names map to products. */
public class LineageConfig
{
    private List<String> producers = List.of();
    private String meshCatalog = "mesh";
    private String trinoNamespace = "trino";
    private int maxWalkNodes = 10_000;
    private Duration rollupInterval = new Duration(30, SECONDS);

    @NotNull
    public List<String> getProducers()
    {
        return producers;
    }

    @Config("lineage.producers")
    @ConfigDescription("Principals (user:NAME, group:NAME) besides the governance admins and governance.snapshot-readers that may send lineage: other OpenLineage producers, comma-separated")
    public LineageConfig setProducers(List<String> producers)
    {
        this.producers = List.copyOf(producers);
        return this;
    }

    @NotNull
    @Pattern(regexp = "[a-z][a-z0-9_]*", message = "must be a Trino catalog name")
    public String getMeshCatalog()
    {
        return meshCatalog;
    }

    @Config("lineage.mesh-catalog")
    @ConfigDescription("Trino catalog of the mesh connector: dataset mesh.PRODUCT.DATASET belongs to product PRODUCT")
    public LineageConfig setMeshCatalog(String meshCatalog)
    {
        this.meshCatalog = meshCatalog;
        return this;
    }

    @NotNull
    public String getTrinoNamespace()
    {
        return trinoNamespace;
    }

    @Config("lineage.trino-namespace")
    @ConfigDescription("OpenLineage namespace of the mesh's Trino datasets (the listener's mesh.lineage.namespace); products and contracts are matched in it")
    public LineageConfig setTrinoNamespace(String trinoNamespace)
    {
        this.trinoNamespace = trinoNamespace;
        return this;
    }

    @Min(10)
    @Max(1_000_000)
    public int getMaxWalkNodes()
    {
        return maxWalkNodes;
    }

    @Config("lineage.max-walk-nodes")
    @ConfigDescription("Most nodes an upstream, downstream or impact answer holds (it says truncated when the walk reached more); edges: five times as many")
    public LineageConfig setMaxWalkNodes(int maxWalkNodes)
    {
        this.maxWalkNodes = maxWalkNodes;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    @MaxDuration("1d")
    public Duration getRollupInterval()
    {
        return rollupInterval;
    }

    @Config("lineage.rollup-interval")
    @ConfigDescription("How often each replica adds the usage and runs that lineage batches left pending to the usage and audit tables (reads of usage and audit roll up first anyway)")
    public LineageConfig setRollupInterval(Duration rollupInterval)
    {
        this.rollupInterval = rollupInterval;
        return this;
    }
}
