package dev.trinomesh.catalog.lake.authorization;

import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.registry.api.Governance;
import jakarta.inject.Inject;

import static java.util.Objects.requireNonNull;

/**
 * Who may do what in the lake's REST catalog. Trino's principal (a {@code governance.snapshot-readers} principal)
 * and governance admins may do everything: the mesh access control governs what Trino's users do, and admins govern.
 * Any other principal is an engine acting for a person, held to the lake namespaces of the products that person owns,
 * decided with the same compiled governance as the access control decides the lake for Trino's users.
 */
public final class LakeAuthorization
{
    private final Callers callers;
    private final Governance governance;

    @Inject
    public LakeAuthorization(Callers callers, Governance governance)
    {
        this.callers = requireNonNull(callers, "callers is null");
        this.governance = requireNonNull(governance, "governance is null");
    }

    /** What {@code user}, as the bearer token proved it, may do in the lake. */
    public LakeAccess of(String user)
    {
        Caller caller = callers.resolve(user);
        if (caller.isAny(callers.snapshotReaders())) {
            return LakeAccess.trino(user);
        }
        if (caller.admin()) {
            return LakeAccess.admin(user);
        }
        CompiledGovernance current = governance.current();
        return LakeAccess.person(user, current, governance.subject(caller));
    }
}
