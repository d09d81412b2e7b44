package dev.trinomesh.connector;

import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.trinomesh.api.client.CatalogServiceClientModule;
import io.airlift.bootstrap.Bootstrap;
import io.airlift.json.JsonModule;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.spi.type.TypeManager;

import java.util.Map;

import static io.trino.plugin.base.Versions.checkStrictSpiVersionMatch;
import static java.util.Objects.requireNonNull;

/** Wiring only: an Airlift bootstrap of the connector's modules with the engine's services bound in. */
public class MeshConnectorFactory
        implements ConnectorFactory
{
    public static final String NAME = "mesh";

    private final Module overrides;

    public MeshConnectorFactory()
    {
        this(Modules.EMPTY_MODULE);
    }

    /** For tests: the real wiring, with some bindings replaced (e.g. the catalog service client). */
    MeshConnectorFactory(Module overrides)
    {
        this.overrides = requireNonNull(overrides, "overrides is null");
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public Connector create(String catalogName, Map<String, String> config, ConnectorContext context)
    {
        checkStrictSpiVersionMatch(context, this);
        Bootstrap app = new Bootstrap(Modules.override(
                new JsonModule(),
                new CatalogServiceClientModule(),
                new MeshModule(),
                binder -> {
                    binder.bind(MeshCatalogName.class).toInstance(new MeshCatalogName(catalogName));
                    binder.bind(TypeManager.class).toInstance(context.getTypeManager());
                    binder.bind(OpenTelemetry.class).toInstance(context.getOpenTelemetry());
                    binder.bind(Tracer.class).toInstance(context.getTracer());
                }).with(overrides));
        Injector injector = app
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        return injector.getInstance(MeshConnector.class);
    }
}
