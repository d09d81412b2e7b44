package dev.trinomesh.catalog.identity;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * Who may read {@code GET /metrics}. Metrics name no product, person or policy, but their counts tell how busy the
 * mesh is: by default only governance admins, the snapshot readers (the Trinos) and the principals listed here (a
 * scraper's service token, e.g. {@code user:prometheus}) read them; {@code metrics.public=true} opens them to anyone
 * who reaches the port, as the health checks are, for a scraper on a network nobody else reaches.
 */
public class MetricsAccessConfig
{
    private boolean metricsPublic;
    private List<String> readers = List.of();

    public boolean isMetricsPublic()
    {
        return metricsPublic;
    }

    @Config("metrics.public")
    @ConfigDescription("Serve GET /metrics without a token (only where nobody but the scraper reaches the port)")
    public MetricsAccessConfig setMetricsPublic(boolean metricsPublic)
    {
        this.metricsPublic = metricsPublic;
        return this;
    }

    @NotNull
    public List<String> getReaders()
    {
        return readers;
    }

    @Config("metrics.readers")
    @ConfigDescription("Principals (user:NAME, group:NAME) besides governance admins and snapshot readers that may read GET /metrics, comma-separated")
    public MetricsAccessConfig setReaders(List<String> readers)
    {
        this.readers = List.copyOf(readers);
        return this;
    }
}
