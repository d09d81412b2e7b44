package dev.trinomesh.catalog.registry.governance;

import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.api.governance.Subject;
import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.catalog.core.RevisionCache;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.registry.api.Governance;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** The registry's governance snapshot compiled as the access control compiles it, with this service's admins. */
public class RegistryGovernance
        implements Governance
{
    private static final String GROUP_PREFIX = "group:";

    private final PolicyRegistry policies;
    private final List<String> admins;
    private final RevisionCache<CompiledGovernance> compiled = new RevisionCache<>();

    @Inject
    public RegistryGovernance(PolicyRegistry policies, Callers callers)
    {
        this.policies = requireNonNull(policies, "policies is null");
        this.admins = List.copyOf(callers.admins());
    }

    @Override
    public CompiledGovernance current()
    {
        GovernanceSnapshot snapshot = policies.snapshot();
        return compiled.get(snapshot.revision(), () -> CompiledGovernance.compile(snapshot, admins));
    }

    @Override
    public Subject subject(Caller caller)
    {
        Set<String> groups = caller.principals().stream()
                .filter(principal -> principal.startsWith(GROUP_PREFIX))
                .map(principal -> principal.substring(GROUP_PREFIX.length()))
                .collect(Collectors.toUnmodifiableSet());
        return current().subject(caller.user(), groups);
    }
}
