package dev.trinomesh.catalog.server;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;

/** Which of the optional areas this catalog service deploys. */
public class DeploymentConfig
{
    private boolean qualityEnabled = true;
    private boolean lineageEnabled = true;

    public boolean isQualityEnabled()
    {
        return qualityEnabled;
    }

    @Config("quality.enabled")
    @ConfigDescription("Deploy data quality (checks, runs, health, the circuit breaker); when false, /v1/quality answers 503 NotDeployed and no dataset has health")
    public DeploymentConfig setQualityEnabled(boolean qualityEnabled)
    {
        this.qualityEnabled = qualityEnabled;
        return this;
    }

    public boolean isLineageEnabled()
    {
        return lineageEnabled;
    }

    @Config("lineage.enabled")
    @ConfigDescription("Deploy the lineage store; when false, /v1/lineage and /api/v1/lineage answer 503 NotDeployed (the Trino listener keeps its events spooled)")
    public DeploymentConfig setLineageEnabled(boolean lineageEnabled)
    {
        this.lineageEnabled = lineageEnabled;
        return this;
    }
}
