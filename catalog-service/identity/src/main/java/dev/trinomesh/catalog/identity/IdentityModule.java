package dev.trinomesh.catalog.identity;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import dev.trinomesh.catalog.identity.api.Callers;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.jaxrs.JaxrsBinder.jaxrsBinder;

/** Identity: who calls the API (bearer tokens) and which principals a caller holds. */
public class IdentityModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(IdentityConfig.class);
        binder.bind(Callers.class).to(ConfiguredCallers.class).in(Scopes.SINGLETON);
        configBinder(binder).bindConfig(ApiAuthenticationConfig.class);
        jaxrsBinder(binder).bind(ApiAuthenticationFilter.class);
    }
}
