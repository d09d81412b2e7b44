package dev.trinomesh.access;

import com.google.inject.Injector;
import dev.trinomesh.api.client.CatalogServiceClientModule;
import io.airlift.bootstrap.Bootstrap;
import io.airlift.json.JsonModule;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemAccessControlFactory;

import java.util.Map;

/** Wiring only: an Airlift bootstrap of the access control's modules. */
public class MeshAccessControlFactory
        implements SystemAccessControlFactory
{
    public static final String NAME = "mesh";

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public SystemAccessControl create(Map<String, String> config, SystemAccessControlContext context)
    {
        Injector injector = new Bootstrap(new JsonModule(), new CatalogServiceClientModule(), new MeshAccessControlModule())
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        return injector.getInstance(MeshAccessControl.class);
    }
}
