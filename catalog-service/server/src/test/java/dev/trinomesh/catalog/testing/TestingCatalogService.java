package dev.trinomesh.catalog.testing;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.catalog.identity.tokens.TokenStore;
import dev.trinomesh.catalog.lake.LakeConfig;
import dev.trinomesh.catalog.lake.storage.LocalFileIO;
import dev.trinomesh.catalog.server.CatalogService;
import io.airlift.http.client.HttpClient;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.auth.OAuth2Properties;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;

/**
 * A real catalog service on a random loopback port, for tests in this and other modules: its own
 * H2 database in a temporary directory unless {@code database.url} is given. Every caller authenticates, as with
 * any catalog service: {@link #tokenFor} makes a real personal token for a user, {@link #client} a client holding
 * one. Unless the test configures a way in of its own, the service has a service-token file (with no token
 * anyone knows), since a service refuses to start with no way to authenticate at all.
 */
public final class TestingCatalogService
        implements Closeable
{
    private static final List<String> AUTHENTICATION_PROPERTIES = List.of("api.token-file", "identity.password-file", "identity.oidc.issuer");

    private final Path directory;
    private final CatalogService service;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

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
        if (AUTHENTICATION_PROPERTIES.stream().noneMatch(overrides::containsKey)) {
            properties.put("api.token-file", emptyTokenFile().toString());
        }
        properties.putAll(overrides);
        service = CatalogService.start(properties, List.of());
    }

    public URI baseUri()
    {
        return service.baseUri();
    }

    /**
     * A personal token of {@code user}, made in the service's token store as a login would make it (one per user and
     * service, kept for the test's life). Tokens live in the service's database, so a service restarted on the same
     * database still knows them.
     */
    public String tokenFor(String user)
    {
        return tokens.computeIfAbsent(user, name -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            return getInstance(TokenStore.class).create(name, "test", now.plus(1, ChronoUnit.DAYS), "test-harness", now).secret();
        });
    }

    /** {@code Authorization} header value of {@code user}'s token, for tests that send raw HTTP. */
    public String authorization(String user)
    {
        return "Bearer " + tokenFor(user);
    }

    /** A client of this service calling as {@code user}. */
    public CatalogServiceClient client(HttpClient httpClient, String user)
    {
        return new CatalogServiceClient(httpClient, baseUri(), Optional.of(tokenFor(user)));
    }

    public <T> T getInstance(Class<T> type)
    {
        return service.getInstance(type);
    }

    private Path emptyTokenFile()
    {
        try {
            return Files.writeString(directory.resolve("api-tokens"), "# no service tokens: tests authenticate with personal tokens (tokenFor)\n");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Iceberg's own REST catalog client on this service's lake (on the local disk), calling as {@code user} with
     * their token (the {@code token} property), unless {@code properties} give credentials of their own.
     */
    public RESTCatalog lakeClient(String name, String user, Map<String, String> properties)
    {
        Map<String, String> all = new HashMap<>();
        all.put(CatalogProperties.URI, baseUri().resolve("/iceberg").toString());
        all.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
        all.put(LocalFileIO.ROOT_PROPERTY, getInstance(LakeConfig.class).getLocalRoot());
        if (!properties.containsKey(OAuth2Properties.TOKEN) && !properties.containsKey(OAuth2Properties.CREDENTIAL)) {
            all.put(OAuth2Properties.TOKEN, tokenFor(user));
        }
        all.putAll(properties);
        RESTCatalog catalog = new RESTCatalog();
        catalog.initialize(name, all);
        return catalog;
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
