package dev.trinomesh.catalog.identity.api;

import java.util.List;

/** Resolves an API caller's user name to the principals it holds, and whether it is a governance admin. */
public interface Callers
{
    Caller resolve(String user);

    /** The principals of governance admins ({@code governance.admins}). */
    List<String> admins();

    /** Who may read the governance snapshot, which holds every user's attributes, besides admins: the access controls. */
    List<String> snapshotReaders();

    /** Governance admins and governance.snapshot-readers (the Trinos): who may read what concerns every user and send lineage. */
    default boolean isAdminOrSnapshotReader(Caller caller)
    {
        return caller.admin() || caller.isAny(snapshotReaders());
    }
}
