package dev.trinomesh.catalog.lineage;

import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import jakarta.inject.Inject;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Who may do what with lineage. Lineage is written by governance admins, the Trinos (governance.snapshot-readers:
 * their listeners) and lineage.producers (other OpenLineage producers). The graph and usage are read by anyone, each
 * as far as they may see it ({@link NodeVisibility}); the audit trail holds every user's query text, so only admins
 * and the Trinos read it. Refusals say which setting names who may, never who is named there.
 */
public class LineageAccess
{
    private final Callers callers;
    private final List<String> producers;

    @Inject
    public LineageAccess(Callers callers, LineageConfig config)
    {
        this.callers = requireNonNull(callers, "callers is null");
        this.producers = List.copyOf(config.getProducers());
    }

    public void checkCanWrite(String user)
    {
        Caller caller = callers.resolve(user);
        if (!callers.isAdminOrSnapshotReader(caller) && !caller.isAny(producers)) {
            throw ServiceException.forbidden("lineage is written by governance admins, the Trinos (governance.snapshot-readers) and other OpenLineage producers (lineage.producers); %s is none of them: ask a governance admin to add it to lineage.producers to let it send OpenLineage events"
                    .formatted(user));
        }
    }

    public void checkCanReadAudit(String user)
    {
        Caller caller = callers.resolve(user);
        if (!callers.isAdminOrSnapshotReader(caller)) {
            throw ServiceException.forbidden("the audit trail holds every user's query text: only governance admins and the Trinos (governance.snapshot-readers) may read it, and %s is neither; read your own queries in Trino's mesh.metadata.audit"
                    .formatted(user));
        }
    }
}
