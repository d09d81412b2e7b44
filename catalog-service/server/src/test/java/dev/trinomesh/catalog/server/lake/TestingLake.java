package dev.trinomesh.catalog.server.lake;

import dev.trinomesh.catalog.lake.LakeConfig;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.apache.iceberg.rest.RESTCatalog;

import java.nio.file.Path;
import java.util.Map;

/** Iceberg REST clients of a testing catalog service whose lake is on the local disk. */
final class TestingLake
{
    /**
     * Why some conformance tests do not apply: "table-default.", "table-override." (and the view ones) are
     * settings of the catalog that creates tables, in a REST deployment the server's; those tests pass
     * them to the client.
     */
    static final String SERVER_SIDE_DEFAULTS = "default and override properties are server-side settings of a REST catalog";

    /**
     * The conformance tests place tables at fixed locations such as {@code file:/tmp/<namespace>/<table>};
     * with this warehouse those are where the catalog allows them (inside the lake root, like all local files).
     */
    static final Map<String, String> CONFORMANCE_WAREHOUSE = Map.of("lake.warehouse", "file:///tmp");

    static final String TRINO_PRINCIPAL = "trino";

    private TestingLake() {}

    /** A client as Trino's principal, which the REST catalog lets do what the mesh access control then governs. */
    static RESTCatalog client(TestingCatalogService service, String name, Map<String, String> properties)
    {
        return service.lakeClient(name, TRINO_PRINCIPAL, properties);
    }

    static Path localRoot(TestingCatalogService service)
    {
        return Path.of(service.getInstance(LakeConfig.class).getLocalRoot());
    }
}
