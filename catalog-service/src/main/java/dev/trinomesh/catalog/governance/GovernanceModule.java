package dev.trinomesh.catalog.governance;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;

import static io.airlift.configuration.ConfigBinder.configBinder;

/** Governance: policies, user attributes and the snapshot the access control enforces. */
public class GovernanceModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(GovernanceConfig.class);
        binder.bind(Callers.class).in(Scopes.SINGLETON);
        binder.bind(PolicyRegistry.class).in(Scopes.SINGLETON);
    }
}
