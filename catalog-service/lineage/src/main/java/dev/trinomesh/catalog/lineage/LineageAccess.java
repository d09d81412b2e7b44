package dev.trinomesh.catalog.lineage;

import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Who may do what with lineage. Lineage is written by governance admins, the Trinos (governance.snapshot-readers:
 * their listeners) and lineage.producers (other OpenLineage producers). The graph and usage are read by anyone
 * who may call the API; the audit trail holds every user's query text, so only admins and the Trinos read it.
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
            List<String> writers = new ArrayList<>(callers.snapshotReaders());
            writers.addAll(producers);
            throw ServiceException.forbidden("lineage is written by governance admins, governance.snapshot-readers and lineage.producers (%s); %s is none of them: add it to lineage.producers to let it send OpenLineage events"
                    .formatted(writers.isEmpty() ? "none configured" : String.join(", ", writers), user));
        }
    }

    public void checkCanReadAudit(String user)
    {
        Caller caller = callers.resolve(user);
        if (!callers.isAdminOrSnapshotReader(caller)) {
            throw ServiceException.forbidden("the audit trail holds every user's query text: only governance admins and governance.snapshot-readers (%s) may read it; %s is neither"
                    .formatted(String.join(", ", callers.snapshotReaders()), user));
        }
    }
}
