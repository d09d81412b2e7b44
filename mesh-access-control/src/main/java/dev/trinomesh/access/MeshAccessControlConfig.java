package dev.trinomesh.access;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.List;

import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

/** Settings of the {@code mesh} access control (besides {@code mesh.catalog-service.*}). */
public class MeshAccessControlConfig
{
    private List<String> admins = List.of("user:admin");
    private String meshCatalog = "mesh";
    private String lakeCatalog = "lake";
    private Duration maxStaleness = new Duration(5, MINUTES);
    private Duration pollWait = new Duration(5, SECONDS);
    private boolean listRestrictedProducts;

    @NotNull
    public List<String> getAdmins()
    {
        return admins;
    }

    @Config("mesh.admins")
    @ConfigDescription("Principals (user:NAME, group:NAME) allowed everything, also while no policy snapshot is available")
    public MeshAccessControlConfig setAdmins(List<String> admins)
    {
        this.admins = List.copyOf(admins);
        return this;
    }

    @NotEmpty
    public String getMeshCatalog()
    {
        return meshCatalog;
    }

    @Config("mesh.catalog-name")
    @ConfigDescription("Name of the catalog served by the mesh connector")
    public MeshAccessControlConfig setMeshCatalog(String meshCatalog)
    {
        this.meshCatalog = meshCatalog;
        return this;
    }

    @NotEmpty
    public String getLakeCatalog()
    {
        return lakeCatalog;
    }

    @Config("mesh.lake-catalog-name")
    @ConfigDescription("Name of the Iceberg catalog on the catalog service's REST catalog, whose namespaces products own")
    public MeshAccessControlConfig setLakeCatalog(String lakeCatalog)
    {
        this.lakeCatalog = lakeCatalog;
        return this;
    }

    @MinDuration("1s")
    public Duration getMaxStaleness()
    {
        return maxStaleness;
    }

    @Config("mesh.governance.max-staleness")
    @ConfigDescription("How long decisions may rest on a snapshot not confirmed by the catalog service; then all but admins are denied")
    public MeshAccessControlConfig setMaxStaleness(Duration maxStaleness)
    {
        this.maxStaleness = maxStaleness;
        return this;
    }

    // At least a second: with no wait, every unchanged answer would be followed at once by the next request.
    @MinDuration("1s")
    @MaxDuration("8s")
    public Duration getPollWait()
    {
        return pollWait;
    }

    @Config("mesh.governance.poll-wait")
    @ConfigDescription("How long the service may hold a snapshot poll open waiting for a change (below the HTTP request timeout of 10s)")
    public MeshAccessControlConfig setPollWait(Duration pollWait)
    {
        this.pollWait = pollWait;
        return this;
    }

    public boolean isListRestrictedProducts()
    {
        return listRestrictedProducts;
    }

    @Config("mesh.discovery.list-restricted-products")
    @ConfigDescription("List products a user may not read (schemas, tables, discovery rows), without access to their data")
    public MeshAccessControlConfig setListRestrictedProducts(boolean listRestrictedProducts)
    {
        this.listRestrictedProducts = listRestrictedProducts;
        return this;
    }
}
