package dev.trinomesh.lineage;

import com.google.inject.Injector;
import dev.trinomesh.api.client.CatalogServiceClientModule;
import io.airlift.bootstrap.Bootstrap;
import io.airlift.bootstrap.LifeCycleManager;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;

import java.util.Map;

/** Wiring only: an Airlift bootstrap of the listener's modules; configuration errors fail Trino's startup. */
public class MeshLineageListenerFactory
        implements EventListenerFactory
{
    public static final String NAME = "mesh-lineage";

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public EventListener create(Map<String, String> config, EventListenerContext context)
    {
        Injector injector = new Bootstrap(new CatalogServiceClientModule(), new MeshLineageModule())
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        MeshLineageListener listener = injector.getInstance(MeshLineageListener.class);
        try {
            listener.start();
        }
        catch (RuntimeException e) {
            try {
                injector.getInstance(LifeCycleManager.class).stop();
            }
            catch (Exception stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
        return listener;
    }
}
