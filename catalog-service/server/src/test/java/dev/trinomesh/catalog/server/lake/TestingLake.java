package dev.trinomesh.catalog.server.lake;

import dev.trinomesh.catalog.lake.LakeConfig;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.apache.iceberg.rest.RESTCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

    /** The demo's groups (etc/trino/groups.txt) in a new file, for {@code governance.group-file}: product owners are groups, as in the demo. */
    static Path demoGroupFile()
    {
        try {
            Path file = Files.createTempFile("groups", ".txt");
            file.toFile().deleteOnExit();
            return Files.writeString(file, """
                    analysts:alice,bob
                    pii-readers:bob
                    finance:fiona
                    executives:xena
                    sales-team:sam
                    crm-team:carla
                    supply-team:suki
                    procurement:pete
                    """);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A product owning lake namespace {@code namespace}; its one dataset reads tpch, so that no contract binds the lake's tables. */
    static String product(String name, String namespace, String owner, String status, List<String> consumers)
    {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: %s, domain: lake_tests, owner: "%s", version: 1.0.0, status: %s}
                spec:
                  lake: {namespace: %s}
                  access: {consumers: [%s]}
                  datasets:
                    - name: rows
                      source: {table: tpch.tiny.nation}
                      columns: [{name: name, type: varchar}]
                """.formatted(name, owner, status, namespace, consumers.stream().map("\"%s\""::formatted).collect(Collectors.joining(", ")));
    }
}
