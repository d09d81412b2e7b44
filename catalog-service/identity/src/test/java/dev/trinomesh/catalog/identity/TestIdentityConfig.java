package dev.trinomesh.catalog.identity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

class TestIdentityConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(IdentityConfig.class)
                .setAdmins(List.of("user:admin"))
                .setGroupFile(null)
                .setSnapshotReaders(List.of("user:trino")));
    }

    @Test
    void explicitProperties()
    {
        assertFullMapping(
                Map.of(
                        "governance.admins", "user:root,group:governance",
                        "governance.group-file", "/etc/trino/groups.txt",
                        "governance.snapshot-readers", "user:trino-a,user:trino-b"),
                new IdentityConfig()
                        .setAdmins(List.of("user:root", "group:governance"))
                        .setGroupFile("/etc/trino/groups.txt")
                        .setSnapshotReaders(List.of("user:trino-a", "user:trino-b")));
    }
}
