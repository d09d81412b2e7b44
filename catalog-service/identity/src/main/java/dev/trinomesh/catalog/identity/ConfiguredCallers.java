package dev.trinomesh.catalog.identity;

import com.google.common.collect.ImmutableSet;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Callers as configured: governance admins and snapshot readers by principal, groups from the group file. */
public class ConfiguredCallers
        implements Callers
{
    private final List<String> admins;
    private final List<String> snapshotReaders;
    private final Optional<GroupFile> groupFile;

    @Inject
    public ConfiguredCallers(IdentityConfig config)
    {
        this.admins = List.copyOf(config.getAdmins());
        this.snapshotReaders = List.copyOf(config.getSnapshotReaders());
        this.groupFile = config.getGroupFile().map(Path::of).map(GroupFile::new);
    }

    @Override
    public Caller resolve(String user)
    {
        ImmutableSet.Builder<String> principals = ImmutableSet.builder();
        principals.add("user:" + user);
        if (user.startsWith("product:")) {
            principals.add(user);
        }
        groupFile.ifPresent(file -> file.groupsOf(user).forEach(group -> principals.add("group:" + group)));
        ImmutableSet<String> held = principals.build();
        return new Caller(user, held, admins.stream().anyMatch(held::contains));
    }

    @Override
    public List<String> admins()
    {
        return admins;
    }

    @Override
    public List<String> snapshotReaders()
    {
        return snapshotReaders;
    }
}
