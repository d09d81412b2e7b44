package dev.trinomesh.catalog.lake;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

class TestLakeConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(LakeConfig.class)
                .setWarehouse("local:///warehouse")
                .setLocalRoot("var/lake")
                .setS3Endpoint(null)
                .setS3Region("us-east-1")
                .setS3PathStyleAccess(true)
                .setS3AccessKey(null)
                .setS3SecretKey(null));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "lake.warehouse", "s3://lake/warehouse",
                        "lake.local.root", "/data/lake",
                        "lake.s3.endpoint", "http://127.0.0.1:9000",
                        "lake.s3.region", "eu-west-1",
                        "lake.s3.path-style-access", "false",
                        "lake.s3.access-key", "access",
                        "lake.s3.secret-key", "secret"),
                new LakeConfig()
                        .setWarehouse("s3://lake/warehouse")
                        .setLocalRoot("/data/lake")
                        .setS3Endpoint(URI.create("http://127.0.0.1:9000"))
                        .setS3Region("eu-west-1")
                        .setS3PathStyleAccess(false)
                        .setS3AccessKey("access")
                        .setS3SecretKey("secret"));
    }
}
