package dev.trinomesh.catalog.identity;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.Optional;

/** Who the service's callers are: the governance admins, and where group memberships come from. */
public class IdentityConfig
{
    private List<String> admins = List.of("user:admin");
    private String groupFile;
    private List<String> snapshotReaders = List.of("user:trino");

    @NotNull
    public List<String> getAdmins()
    {
        return admins;
    }

    @Config("governance.admins")
    @ConfigDescription("Principals (user:NAME, group:NAME) that may write global policies and user attributes, comma-separated")
    public IdentityConfig setAdmins(List<String> admins)
    {
        this.admins = List.copyOf(admins);
        return this;
    }

    public Optional<String> getGroupFile()
    {
        return Optional.ofNullable(groupFile);
    }

    @Config("governance.group-file")
    @ConfigDescription("Group memberships in the format of Trino's file group provider (group:user1,user2 per line), re-read when it changes")
    public IdentityConfig setGroupFile(String groupFile)
    {
        this.groupFile = groupFile;
        return this;
    }

    @NotNull
    public List<String> getSnapshotReaders()
    {
        return snapshotReaders;
    }

    @Config("governance.snapshot-readers")
    @ConfigDescription("Principals besides the governance admins that may read the governance snapshot (it holds user attributes): the Trino access controls")
    public IdentityConfig setSnapshotReaders(List<String> snapshotReaders)
    {
        this.snapshotReaders = List.copyOf(snapshotReaders);
        return this;
    }
}
