package dev.trinomesh.catalog.identity;

import com.google.common.collect.ImmutableSet;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Resolves an API caller's user name to the principals it holds, and whether it is a governance admin. */
public class Callers
{
    private final List<String> admins;
    private final List<String> snapshotReaders;
    private final Optional<GroupFile> groupFile;

    @Inject
    public Callers(IdentityConfig config)
    {
        this.admins = List.copyOf(config.getAdmins());
        this.snapshotReaders = List.copyOf(config.getSnapshotReaders());
        this.groupFile = config.getGroupFile().map(Path::of).map(GroupFile::new);
    }

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

    /** Who may read the governance snapshot, which holds every user's attributes: admins and the access controls. */
    public List<String> snapshotReaders()
    {
        return snapshotReaders;
    }

    /** Governance admins and governance.snapshot-readers (the Trinos): who may read what concerns every user and send lineage. */
    public boolean isAdminOrSnapshotReader(Caller caller)
    {
        return caller.admin() || caller.isAny(snapshotReaders);
    }
}
