package dev.trinomesh.catalog.lake;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.configuration.DefunctConfig;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.util.Optional;

/** Where the lake's files live, how to reach S3, and how the REST catalog is protected. */
// Replaced by the service's own authentication of every /iceberg request (personal tokens, JWTs, service tokens).
@DefunctConfig("lake.rest.auth-token")
public class LakeConfig
{
    private String warehouse = "local:///warehouse";
    private String localRoot = "var/lake";
    private URI s3Endpoint;
    private String s3Region = "us-east-1";
    private boolean s3PathStyleAccess = true;
    private String s3AccessKey;
    private String s3SecretKey;

    @NotNull
    @Pattern(regexp = "(s3|s3a|local|file)://.*", message = "must be an s3://bucket/path, local:///path or file:///path URI")
    public String getWarehouse()
    {
        return warehouse;
    }

    @Config("lake.warehouse")
    @ConfigDescription("Root location of new tables: s3://bucket/path, or local:///path under lake.local.root")
    public LakeConfig setWarehouse(String warehouse)
    {
        this.warehouse = warehouse;
        return this;
    }

    @NotNull
    public String getLocalRoot()
    {
        return localRoot;
    }

    @Config("lake.local.root")
    @ConfigDescription("Directory that local:/// and file:/// locations resolve under (the same as Trino's local.location)")
    public LakeConfig setLocalRoot(String localRoot)
    {
        this.localRoot = localRoot;
        return this;
    }

    public Optional<URI> getS3Endpoint()
    {
        return Optional.ofNullable(s3Endpoint);
    }

    @Config("lake.s3.endpoint")
    @ConfigDescription("S3 endpoint override, e.g. a MinIO server; empty for AWS S3")
    public LakeConfig setS3Endpoint(URI s3Endpoint)
    {
        this.s3Endpoint = s3Endpoint;
        return this;
    }

    @NotNull
    public String getS3Region()
    {
        return s3Region;
    }

    @Config("lake.s3.region")
    public LakeConfig setS3Region(String s3Region)
    {
        this.s3Region = s3Region;
        return this;
    }

    public boolean isS3PathStyleAccess()
    {
        return s3PathStyleAccess;
    }

    @Config("lake.s3.path-style-access")
    @ConfigDescription("Address buckets as endpoint/bucket (MinIO and most S3-compatible stores) rather than bucket.endpoint")
    public LakeConfig setS3PathStyleAccess(boolean s3PathStyleAccess)
    {
        this.s3PathStyleAccess = s3PathStyleAccess;
        return this;
    }

    public Optional<String> getS3AccessKey()
    {
        return Optional.ofNullable(s3AccessKey);
    }

    @Config("lake.s3.access-key")
    public LakeConfig setS3AccessKey(String s3AccessKey)
    {
        this.s3AccessKey = s3AccessKey;
        return this;
    }

    public Optional<String> getS3SecretKey()
    {
        return Optional.ofNullable(s3SecretKey);
    }

    @Config("lake.s3.secret-key")
    @ConfigSecuritySensitive
    public LakeConfig setS3SecretKey(String s3SecretKey)
    {
        this.s3SecretKey = s3SecretKey;
        return this;
    }

    @AssertTrue(message = "lake.s3.access-key and lake.s3.secret-key must be set together")
    public boolean isS3KeysComplete()
    {
        return (s3AccessKey == null) == (s3SecretKey == null);
    }

    public boolean isS3()
    {
        return warehouse.startsWith("s3://") || warehouse.startsWith("s3a://");
    }
}
