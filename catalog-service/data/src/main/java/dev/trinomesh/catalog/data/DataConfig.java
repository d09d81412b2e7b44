package dev.trinomesh.catalog.data;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDataSize;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.Base64;
import java.util.Optional;

import static io.airlift.units.DataSize.Unit.GIGABYTE;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

/** The data API's limits: what one request may read and how often one person may ask. */
public class DataConfig
{
    private String meshCatalog = "mesh";
    private int pageDefaultRows = 100;
    private int pageMaxRows = 10_000;
    private long streamMaxRows = 10_000_000;
    private DataSize maxResponseSize = DataSize.of(2, GIGABYTE);
    private Duration pageTimeout = new Duration(60, SECONDS);
    private Duration streamTimeout = new Duration(30, MINUTES);
    private int maxConcurrentRequestsPerUser = 4;
    private double requestsPerSecondPerUser = 20;
    private int requestBurstPerUser = 40;
    private Duration cursorLifetime = new Duration(1, HOURS);
    private String cursorKey;
    private int mcpMaxRows = 200;

    @NotEmpty
    public String getMeshCatalog()
    {
        return meshCatalog;
    }

    @Config("data.mesh-catalog")
    @ConfigDescription("Name of the mesh catalog in Trino, whose datasets the API reads")
    public DataConfig setMeshCatalog(String meshCatalog)
    {
        this.meshCatalog = meshCatalog;
        return this;
    }

    @Min(1)
    @Max(100_000)
    public int getPageDefaultRows()
    {
        return pageDefaultRows;
    }

    @Config("data.page.default-rows")
    @ConfigDescription("Rows of a JSON page when the request gives no limit")
    public DataConfig setPageDefaultRows(int pageDefaultRows)
    {
        this.pageDefaultRows = pageDefaultRows;
        return this;
    }

    @Min(1)
    @Max(100_000)
    public int getPageMaxRows()
    {
        return pageMaxRows;
    }

    @Config("data.page.max-rows")
    @ConfigDescription("Most rows a JSON page (and an MCP read) may ask for; a JSON page is built in memory")
    public DataConfig setPageMaxRows(int pageMaxRows)
    {
        this.pageMaxRows = pageMaxRows;
        return this;
    }

    @Min(1)
    public long getStreamMaxRows()
    {
        return streamMaxRows;
    }

    @Config("data.stream.max-rows")
    @ConfigDescription("Most rows one NDJSON, CSV or Arrow response streams (its default limit too); the rest is the next cursor's")
    public DataConfig setStreamMaxRows(long streamMaxRows)
    {
        this.streamMaxRows = streamMaxRows;
        return this;
    }

    @NotNull
    @MinDataSize("1kB")
    public DataSize getMaxResponseSize()
    {
        return maxResponseSize;
    }

    @Config("data.max-response-size")
    @ConfigDescription("Most bytes one response carries; a response reaching it ends at a row boundary, marked truncated, with a cursor for the rest")
    public DataConfig setMaxResponseSize(DataSize maxResponseSize)
    {
        this.maxResponseSize = maxResponseSize;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    public Duration getPageTimeout()
    {
        return pageTimeout;
    }

    @Config("data.page.timeout")
    @ConfigDescription("How long the query of a JSON page (or an MCP tool's) may run before it is cancelled")
    public DataConfig setPageTimeout(Duration pageTimeout)
    {
        this.pageTimeout = pageTimeout;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    public Duration getStreamTimeout()
    {
        return streamTimeout;
    }

    @Config("data.stream.timeout")
    @ConfigDescription("How long the query of a streamed (NDJSON, CSV, Arrow) response may run before it is cancelled")
    public DataConfig setStreamTimeout(Duration streamTimeout)
    {
        this.streamTimeout = streamTimeout;
        return this;
    }

    @Min(1)
    @Max(1000)
    public int getMaxConcurrentRequestsPerUser()
    {
        return maxConcurrentRequestsPerUser;
    }

    @Config("data.max-concurrent-requests-per-user")
    @ConfigDescription("Data API and MCP reads one person may have running at once; more are refused with 429")
    public DataConfig setMaxConcurrentRequestsPerUser(int maxConcurrentRequestsPerUser)
    {
        this.maxConcurrentRequestsPerUser = maxConcurrentRequestsPerUser;
        return this;
    }

    public double getRequestsPerSecondPerUser()
    {
        return requestsPerSecondPerUser;
    }

    @Config("data.requests-per-second-per-user")
    @ConfigDescription("Sustained rate of data API and MCP requests one person may make; faster ones are refused with 429 and Retry-After")
    public DataConfig setRequestsPerSecondPerUser(double requestsPerSecondPerUser)
    {
        this.requestsPerSecondPerUser = requestsPerSecondPerUser;
        return this;
    }

    @Min(1)
    @Max(100_000)
    public int getRequestBurstPerUser()
    {
        return requestBurstPerUser;
    }

    @Config("data.request-burst-per-user")
    @ConfigDescription("Requests one person may make at once above the sustained rate")
    public DataConfig setRequestBurstPerUser(int requestBurstPerUser)
    {
        this.requestBurstPerUser = requestBurstPerUser;
        return this;
    }

    @AssertTrue(message = "data.requests-per-second-per-user must be more than 0 and at most 100000")
    public boolean isRateValid()
    {
        return requestsPerSecondPerUser > 0 && requestsPerSecondPerUser <= 100_000;
    }

    @NotNull
    @MinDuration("1m")
    @MaxDuration("7d")
    public Duration getCursorLifetime()
    {
        return cursorLifetime;
    }

    @Config("data.cursor.lifetime")
    @ConfigDescription("How long a page's cursor for the next page stays valid (its snapshot must also still exist in the lake)")
    public DataConfig setCursorLifetime(Duration cursorLifetime)
    {
        this.cursorLifetime = cursorLifetime;
        return this;
    }

    public Optional<String> getCursorKey()
    {
        return Optional.ofNullable(cursorKey);
    }

    @Config("data.cursor.key")
    @ConfigSecuritySensitive
    @ConfigDescription("Base64 key (at least 32 bytes) cursors are signed with; unset, a random key per start (cursors then end with a restart, and replicas need one shared key)")
    public DataConfig setCursorKey(String cursorKey)
    {
        this.cursorKey = cursorKey;
        return this;
    }

    @AssertTrue(message = "data.cursor.key must be base64 of at least 32 random bytes, e.g. the output of: openssl rand -base64 32")
    public boolean isCursorKeyValid()
    {
        if (cursorKey == null) {
            return true;
        }
        try {
            return Base64.getDecoder().decode(cursorKey.strip()).length >= 32;
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Min(1)
    @Max(10_000)
    public int getMcpMaxRows()
    {
        return mcpMaxRows;
    }

    @Config("data.mcp.max-rows")
    @ConfigDescription("Most rows an MCP tool returns (an assistant's context is small); the answer says when it was cut")
    public DataConfig setMcpMaxRows(int mcpMaxRows)
    {
        this.mcpMaxRows = mcpMaxRows;
        return this;
    }
}
