package dev.trinomesh.connector;

import com.google.common.collect.ImmutableMap;
import com.google.common.io.Resources;
import com.google.inject.Module;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.trino.Session;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.testing.DistributedQueryRunner;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static io.trino.testing.TestingSession.testSessionBuilder;

/** A Trino with the tpch catalog and a mesh catalog over the given catalog service. */
final class MeshQueryRunner
{
    /** Who the connector is to the catalog service: its default governance.snapshot-readers. */
    static final String TRINO_PRINCIPAL = "trino";

    private MeshQueryRunner() {}

    static DistributedQueryRunner create(TestingCatalogService catalogService)
            throws Exception
    {
        return create(catalogService, new MeshPlugin());
    }

    /** With some of the connector's bindings replaced, e.g. its catalog service client. */
    static DistributedQueryRunner create(TestingCatalogService catalogService, Module connectorOverrides)
            throws Exception
    {
        return create(catalogService, new Plugin()
        {
            @Override
            public Iterable<ConnectorFactory> getConnectorFactories()
            {
                return List.of(new MeshConnectorFactory(connectorOverrides));
            }
        });
    }

    private static DistributedQueryRunner create(TestingCatalogService catalogService, Plugin meshPlugin)
            throws Exception
    {
        Session session = testSessionBuilder().setCatalog("mesh").setSchema("information_schema").build();
        // Consumers may read the mesh only; the products' principals (and the test's own user) may read tpch.
        String rules = Resources.getResource("mesh-test-rules.json").getPath();
        DistributedQueryRunner runner = DistributedQueryRunner.builder(session)
                .setWorkerCount(0)
                .setSystemAccessControl("file", Map.of("security.config-file", rules))
                .build();
        try {
            runner.installPlugin(new TpchPlugin());
            runner.createCatalog("tpch", "tpch");
            runner.installPlugin(meshPlugin);
            runner.createCatalog("mesh", "mesh", meshCatalog(catalogService.baseUri(), catalogService.tokenFor(TRINO_PRINCIPAL), Map.of()));
            return runner;
        }
        catch (Throwable e) {
            runner.close();
            throw e;
        }
    }

    static Map<String, String> meshCatalog(URI catalogService, String token, Map<String, String> properties)
    {
        return ImmutableMap.<String, String>builder()
                .put("mesh.catalog-service.uri", catalogService.toString())
                .put("mesh.catalog-service.token", token)
                .put("mesh.metadata.refresh-interval", "100ms")
                .putAll(properties)
                .buildKeepingLast();
    }
}
