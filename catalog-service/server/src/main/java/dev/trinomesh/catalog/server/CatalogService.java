package dev.trinomesh.catalog.server;

import com.google.common.collect.ImmutableList;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.airlift.bootstrap.Bootstrap;
import io.airlift.bootstrap.LifeCycleManager;
import io.airlift.http.server.HttpServerInfo;
import io.airlift.http.server.HttpServerModule;
import io.airlift.jaxrs.JaxrsModule;
import io.airlift.json.JsonModule;
import io.airlift.log.Logger;
import io.airlift.node.NodeModule;
import io.airlift.openmetrics.JmxOpenMetricsModule;
import io.airlift.tracing.TracingModule;
import org.weakref.jmx.guice.MBeanModule;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;

import java.io.Closeable;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The catalog service process: Airlift's HTTP server, JSON and JAX-RS around {@link CatalogServiceModule}.
 * {@link #main} reads its configuration from {@code -Dconfig=etc/catalog-service/config.properties}.
 */
public final class CatalogService
        implements Closeable
{
    private static final Logger log = Logger.get(CatalogService.class);

    private final Injector injector;
    private final LifeCycleManager lifeCycleManager;

    private CatalogService(Injector injector)
    {
        this.injector = injector;
        this.lifeCycleManager = injector.getInstance(LifeCycleManager.class);
    }

    /**
     * Starts a service configured by {@code properties} (in tests), or by the config file when empty. A service of tests
     * exports its MBeans to an MBean server of its own, so that several run in one JVM; {@link #main}'s to the platform's.
     */
    public static CatalogService start(Map<String, String> properties, List<Module> extraModules)
    {
        return start(properties, extraModules, properties.isEmpty() ? ManagementFactory.getPlatformMBeanServer() : MBeanServerFactory.newMBeanServer());
    }

    private static CatalogService start(Map<String, String> properties, List<Module> extraModules, MBeanServer mbeanServer)
    {
        Bootstrap app = new Bootstrap(ImmutableList.<Module>builder()
                .add(new NodeModule())
                // The areas' @Managed stats and the HTTP server's request stats, served by GET /metrics as Trino does.
                .add(binder -> binder.bind(MBeanServer.class).toInstance(mbeanServer))
                .add(new MBeanModule())
                .add(new JmxOpenMetricsModule())
                .add(new HttpServerModule())
                .add(new JsonModule())
                .add(new JaxrsModule())
                .add(new TracingModule("catalog-service", version()))
                .add(new CatalogServiceModule())
                .addAll(extraModules)
                .build());
        if (!properties.isEmpty()) {
            app.setRequiredConfigurationProperties(properties);
        }
        return new CatalogService(app.initialize());
    }

    /** The build's version from the jar manifest; {@code dev} when run from classes. */
    public static String version()
    {
        String version = CatalogService.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    public URI baseUri()
    {
        return injector.getInstance(HttpServerInfo.class).getHttpUri();
    }

    public <T> T getInstance(Class<T> type)
    {
        return injector.getInstance(type);
    }

    @Override
    public void close()
    {
        lifeCycleManager.stop();
    }

    public static void main(String[] args)
    {
        try {
            CatalogService service = start(Map.of(), List.of());
            log.info("======== CATALOG SERVICE STARTED at %s ========", service.baseUri());
        }
        catch (Throwable e) {
            log.error(e, "catalog service failed to start");
            System.exit(1);
        }
    }
}
