package dev.trinomesh.catalog.search;

import dev.trinomesh.catalog.core.trino.TrinoConfig;
import dev.trinomesh.catalog.identity.api.Callers;
import jakarta.inject.Inject;

import java.util.HashSet;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Readers who are no people: the service's own principal at Trino ({@code trino.user}), the Trinos
 * ({@code governance.snapshot-readers}), product identities ({@code product:NAME}) and the users of
 * {@code search.recommendations.excluded-readers} (the quality checks' identity). Their reading says nothing of
 * what people read together.
 */
public final class ServicePrincipals
{
    private final Callers callers;
    private final Set<String> users = new HashSet<>();

    @Inject
    public ServicePrincipals(Callers callers, TrinoConfig trinoConfig, SearchConfig searchConfig)
    {
        this.callers = requireNonNull(callers, "callers is null");
        users.add(trinoConfig.getUser());
        users.addAll(searchConfig.getExcludedReaders());
    }

    public boolean isService(String user)
    {
        return user.startsWith("product:") || users.contains(user) || callers.resolve(user).isAny(callers.snapshotReaders());
    }
}
