package dev.trinomesh.access;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.List;

import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

/** Settings of the {@code mesh} access control (besides {@code mesh.catalog-service.*}). */
public class MeshAccessControlConfig
{
    private List<String> admins = List.of("user:admin");
    private List<String> impersonators = List.of();
    private List<String> unfilteredReaders = List.of();
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

    @NotNull
    public List<String> getImpersonators()
    {
        return impersonators;
    }

    @Config("mesh.impersonators")
    @ConfigDescription("Users (user:NAME) who may act for other people (the catalog service's principal at Trino); never for a product identity or an admin")
    public MeshAccessControlConfig setImpersonators(List<String> impersonators)
    {
        this.impersonators = List.copyOf(impersonators);
        return this;
    }

    // Trino asks about impersonation with the signed-in identity alone, without its groups: only a user can match.
    @AssertTrue(message = "mesh.impersonators takes users only (user:NAME): Trino checks impersonation without the signed-in user's groups")
    public boolean isImpersonatorsUsers()
    {
        return impersonators.stream().allMatch(principal -> principal.startsWith("user:") && principal.length() > "user:".length());
    }

    @NotNull
    public List<String> getUnfilteredReaders()
    {
        return unfilteredReaders;
    }

    @Config("mesh.unfiltered-readers")
    @ConfigDescription("Principals (user:NAME, group:NAME) that read every product's datasets and lake tables without row filters or masks, and may do nothing else an admin may (the quality checks' identity)")
    public MeshAccessControlConfig setUnfilteredReaders(List<String> unfilteredReaders)
    {
        this.unfilteredReaders = List.copyOf(unfilteredReaders);
        return this;
    }

    @AssertTrue(message = "mesh.unfiltered-readers takes users and groups only (user:NAME, group:NAME), never a product identity")
    public boolean isUnfilteredReadersPeople()
    {
        return unfilteredReaders.stream().allMatch(principal -> (principal.startsWith("user:") && principal.length() > "user:".length())
                || (principal.startsWith("group:") && principal.length() > "group:".length()));
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
