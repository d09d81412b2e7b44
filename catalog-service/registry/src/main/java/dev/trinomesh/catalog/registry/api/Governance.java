package dev.trinomesh.catalog.registry.api;

import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.api.governance.Subject;
import dev.trinomesh.catalog.identity.api.Caller;

/**
 * Governance as the mesh access control decides it, for the service's own decisions (who may see or own a
 * product, a dataset, a lake namespace): the same compiled snapshot, so that the API, the REST catalog and Trino
 * agree on every person.
 */
public interface Governance
{
    /** The current snapshot, compiled; rebuilt only when the registry revision has moved. */
    CompiledGovernance current();

    /** {@code caller} as governance sees them: their user, groups and whether they are a governance admin. */
    Subject subject(Caller caller);
}
