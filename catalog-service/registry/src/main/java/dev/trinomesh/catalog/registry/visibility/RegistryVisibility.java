package dev.trinomesh.catalog.registry.visibility;

import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.catalog.core.RevisionCache;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.registry.RegistryStore;
import dev.trinomesh.catalog.registry.api.Governance;
import dev.trinomesh.catalog.registry.api.Viewer;
import dev.trinomesh.catalog.registry.api.Visibility;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

import static com.google.common.base.Suppliers.memoize;
import static java.util.Objects.requireNonNull;

/**
 * Visibility decided on the registry and the compiled governance the access control compiles too, indexed once per
 * registry revision (every change of a product, domain or policy moves it), so that a decision costs one row read.
 */
public class RegistryVisibility
        implements Visibility
{
    private final Jdbi jdbi;
    private final Governance governance;
    private final Callers callers;
    private final RevisionCache<VisibilityIndex> indexes = new RevisionCache<>();

    @Inject
    public RegistryVisibility(Jdbi jdbi, Governance governance, Callers callers)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.governance = requireNonNull(governance, "governance is null");
        this.callers = requireNonNull(callers, "callers is null");
    }

    @Override
    public Viewer viewer(String user)
    {
        Caller caller = callers.resolve(user);
        if (callers.isAdminOrSnapshotReader(caller)) {
            // Built only if asked: an admin's write, which sees everything, then does not read the whole registry.
            return new CatalogViewer(user, memoize(this::index), Optional.empty());
        }
        VisibilityIndex index = index();
        return new CatalogViewer(user, () -> index, Optional.of(governance.subject(caller)));
    }

    private VisibilityIndex index()
    {
        // Read the revision before what is indexed: the index may then be newer than its revision, never older.
        long revision = jdbi.withHandle(RegistryStore::currentRevision);
        return indexes.get(revision, () -> {
            CompiledGovernance compiled = governance.current();
            return jdbi.withHandle(handle -> new VisibilityIndex(compiled, RegistryStore.allProducts(handle), RegistryStore.domains(handle, Optional.empty())));
        });
    }
}
