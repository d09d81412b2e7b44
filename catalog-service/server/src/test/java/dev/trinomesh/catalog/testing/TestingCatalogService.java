package dev.trinomesh.catalog.testing;

import dev.trinomesh.catalog.server.CatalogService;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;

/**
 * A real catalog service on a random loopback port, for tests in this and other modules: its own
 * H2 database in a temporary directory unless {@code database.url} is given.
 */
public final class TestingCatalogService
        implements Closeable
{
    private final Path directory;
    private final CatalogService service;

    public TestingCatalogService()
    {
        this(Map.of());
    }

    public TestingCatalogService(Map<String, String> overrides)
    {
        try {
            directory = Files.createTempDirectory("catalog-service");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("node.environment", "test");
        properties.put("http-server.http.port", "0");
        properties.put("node.bind-ip", "127.0.0.1");
        properties.put("node.internal-address", "127.0.0.1");
        properties.put("database.url", "jdbc:h2:file:" + directory.resolve("catalog").toAbsolutePath());
        properties.put("lake.local.root", directory.resolve("lake").toAbsolutePath().toString());
        properties.put("http-server.log.path", directory.resolve("http-request.log").toAbsolutePath().toString());
        properties.putAll(overrides);
        service = CatalogService.start(properties, List.of());
    }

    public URI baseUri()
    {
        return service.baseUri();
    }

    public <T> T getInstance(Class<T> type)
    {
        return service.getInstance(type);
    }

    @Override
    public void close()
    {
        service.close();
        try {
            deleteRecursively(directory, ALLOW_INSECURE);
        }
        catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }
}
