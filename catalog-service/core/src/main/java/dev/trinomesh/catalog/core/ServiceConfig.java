package dev.trinomesh.catalog.core;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Settings more than one area reads: how Trino names the lake this service is the catalog of. */
public class ServiceConfig
{
    private String lakeCatalog = "lake";

    @NotNull
    @Pattern(regexp = "[a-z][a-z0-9_]*", message = "must be a Trino catalog name")
    public String getLakeCatalog()
    {
        return lakeCatalog;
    }

    @Config("lake.trino-catalog")
    @ConfigDescription("Name of the Trino catalog over this REST catalog; datasets whose source is a table of it are bound to that table")
    public ServiceConfig setLakeCatalog(String lakeCatalog)
    {
        this.lakeCatalog = lakeCatalog;
        return this;
    }
}
