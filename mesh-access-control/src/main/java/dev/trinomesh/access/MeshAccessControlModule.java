package dev.trinomesh.access;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;

import static io.airlift.configuration.ConfigBinder.configBinder;

public class MeshAccessControlModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(MeshAccessControlConfig.class);
        binder.bind(GovernanceSnapshots.class).in(Scopes.SINGLETON);
        binder.bind(GovernanceSource.class).to(GovernanceSnapshots.class);
        binder.bind(MeshAccessControl.class).in(Scopes.SINGLETON);
    }
}
