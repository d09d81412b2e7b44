package dev.trinomesh.catalog.portal;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.Optional;

import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.SECONDS;

public class PortalConfig
{
    private Duration sessionLifetime = new Duration(12, HOURS);
    private boolean requireHttps = true;
    private int previewMaxRows = 100;
    private DataSize previewMaxBytes = DataSize.of(1, MEGABYTE);
    private int previewMaxCellChars = 1000;
    private Duration previewTimeout = new Duration(20, SECONDS);
    private long profileSampleRows = 100_000;
    private Duration profileTimeout = new Duration(30, SECONDS);
    private int maxConcurrentQueriesPerUser = 2;
    private String meshCatalog = "mesh";
    private String oidcClientId;
    private String oidcClientSecret;
    private String oidcScopes = "openid";

    @MinDuration("1m")
    @MaxDuration("30d")
    public Duration getSessionLifetime()
    {
        return sessionLifetime;
    }

    @Config("portal.session.lifetime")
    @ConfigDescription("How long a portal sign-in lasts; each session is a personal token named 'portal session' (at most identity.token.max-lifetime)")
    public PortalConfig setSessionLifetime(Duration sessionLifetime)
    {
        this.sessionLifetime = sessionLifetime;
        return this;
    }

    public boolean isRequireHttps()
    {
        return requireHttps;
    }

    @Config("portal.require-https")
    @ConfigDescription("Refuse to sign in over plain HTTP, except from the loopback address (behind a TLS proxy, set http-server.process-forwarded=true)")
    public PortalConfig setRequireHttps(boolean requireHttps)
    {
        this.requireHttps = requireHttps;
        return this;
    }

    @Min(1)
    @Max(10_000)
    public int getPreviewMaxRows()
    {
        return previewMaxRows;
    }

    @Config("portal.preview.max-rows")
    @ConfigDescription("Rows a preview shows at most")
    public PortalConfig setPreviewMaxRows(int previewMaxRows)
    {
        this.previewMaxRows = previewMaxRows;
        return this;
    }

    @NotNull
    public DataSize getPreviewMaxBytes()
    {
        return previewMaxBytes;
    }

    @Config("portal.preview.max-bytes")
    @ConfigDescription("Characters a preview reads at most (counted as UTF-16 bytes); the query is cancelled past it and the preview says it was cut")
    public PortalConfig setPreviewMaxBytes(DataSize previewMaxBytes)
    {
        this.previewMaxBytes = previewMaxBytes;
        return this;
    }

    @Min(10)
    public int getPreviewMaxCellChars()
    {
        return previewMaxCellChars;
    }

    @Config("portal.preview.max-cell-chars")
    @ConfigDescription("Characters of one value a preview shows; longer values are cut and marked")
    public PortalConfig setPreviewMaxCellChars(int previewMaxCellChars)
    {
        this.previewMaxCellChars = previewMaxCellChars;
        return this;
    }

    @MinDuration("1s")
    public Duration getPreviewTimeout()
    {
        return previewTimeout;
    }

    @Config("portal.preview.timeout")
    @ConfigDescription("How long a preview may run in Trino before it is cancelled")
    public PortalConfig setPreviewTimeout(Duration previewTimeout)
    {
        this.previewTimeout = previewTimeout;
        return this;
    }

    @Min(100)
    @Max(100_000_000)
    public long getProfileSampleRows()
    {
        return profileSampleRows;
    }

    @Config("portal.profile.sample-rows")
    @ConfigDescription("Rows a profile reads at most: its counts and estimates are of this sample")
    public PortalConfig setProfileSampleRows(long profileSampleRows)
    {
        this.profileSampleRows = profileSampleRows;
        return this;
    }

    @MinDuration("1s")
    public Duration getProfileTimeout()
    {
        return profileTimeout;
    }

    @Config("portal.profile.timeout")
    @ConfigDescription("How long a profile may run in Trino before it is cancelled")
    public PortalConfig setProfileTimeout(Duration profileTimeout)
    {
        this.profileTimeout = profileTimeout;
        return this;
    }

    @Min(1)
    public int getMaxConcurrentQueriesPerUser()
    {
        return maxConcurrentQueriesPerUser;
    }

    @Config("portal.max-concurrent-queries-per-user")
    @ConfigDescription("Previews and profiles one person may run at once; more are refused with a message")
    public PortalConfig setMaxConcurrentQueriesPerUser(int maxConcurrentQueriesPerUser)
    {
        this.maxConcurrentQueriesPerUser = maxConcurrentQueriesPerUser;
        return this;
    }

    @NotNull
    @Pattern(regexp = "[a-z][a-z0-9_]*", message = "must be a Trino catalog name")
    public String getMeshCatalog()
    {
        return meshCatalog;
    }

    @Config("portal.mesh-catalog")
    @ConfigDescription("Trino catalog of the mesh connector, which previews and the SQL snippets read")
    public PortalConfig setMeshCatalog(String meshCatalog)
    {
        this.meshCatalog = meshCatalog;
        return this;
    }

    public Optional<String> getOidcClientId()
    {
        return Optional.ofNullable(oidcClientId);
    }

    @Config("portal.oidc.client-id")
    @ConfigDescription("The portal's client at the OpenID Connect issuer (identity.oidc.issuer); when set, people may sign in there (the authorization code flow with PKCE), redirected back to /portal/login/oidc/callback")
    public PortalConfig setOidcClientId(String oidcClientId)
    {
        this.oidcClientId = oidcClientId;
        return this;
    }

    public Optional<String> getOidcClientSecret()
    {
        return Optional.ofNullable(oidcClientSecret);
    }

    @Config("portal.oidc.client-secret")
    @ConfigSecuritySensitive
    @ConfigDescription("The portal client's secret, sent to the issuer's token endpoint; unset for a public client (PKCE alone)")
    public PortalConfig setOidcClientSecret(String oidcClientSecret)
    {
        this.oidcClientSecret = oidcClientSecret;
        return this;
    }

    @NotNull
    @Pattern(regexp = "(.* )?openid( .*)?", message = "must include openid")
    public String getOidcScopes()
    {
        return oidcScopes;
    }

    @Config("portal.oidc.scopes")
    @ConfigDescription("Scopes the portal asks the issuer for, space-separated; openid is required")
    public PortalConfig setOidcScopes(String oidcScopes)
    {
        this.oidcScopes = oidcScopes;
        return this;
    }
}
