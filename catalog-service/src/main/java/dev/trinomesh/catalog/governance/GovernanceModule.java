package dev.trinomesh.catalog.governance;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;

/** Governance: policies, user attributes and the snapshot the access control enforces. */
public class GovernanceModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        binder.bind(PolicyRegistry.class).in(Scopes.SINGLETON);
    }
}
