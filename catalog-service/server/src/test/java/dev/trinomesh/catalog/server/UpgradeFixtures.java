package dev.trinomesh.catalog.server;

import dev.trinomesh.catalog.lake.storage.LocalFileIO;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.auth.OAuth2Properties;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** What the upgrade tests share: a fixture's lake copied into place, the lake read with Iceberg's client, an area's schema version. */
final class UpgradeFixtures
{
    private UpgradeFixtures() {}

    static int newestVersion(Jdbi jdbi, String table)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT version FROM " + table + " WHERE success AND version IS NOT NULL")
                .mapTo(String.class)
                .stream()
                .mapToInt(Integer::parseInt)
                .max()
                .orElseThrow());
    }

    static RESTCatalog lakeClient(TestingCatalogService service, Path root)
    {
        RESTCatalog catalog = new RESTCatalog();
        catalog.initialize("upgrade-test", Map.of(
                CatalogProperties.URI, service.baseUri().resolve("/iceberg").toString(),
                OAuth2Properties.TOKEN, service.tokenFor("trino"),
                CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName(),
                LocalFileIO.ROOT_PROPERTY, root.toString()));
        return catalog;
    }

    static void copyTree(Path from, Path to)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
