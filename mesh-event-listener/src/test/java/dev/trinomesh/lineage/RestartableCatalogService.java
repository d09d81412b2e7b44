package dev.trinomesh.lineage;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.api.client.CatalogServiceClientModule;
import dev.trinomesh.api.lineage.AuditEntry;
import dev.trinomesh.catalog.identity.authentication.ServiceTokens;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

/**
 * The real catalog service as the listener's destination, on one port and one H2 database for its whole life, so
 * that a test can stop it (connections are then refused, as during an outage) and start it again, possibly with
 * other settings, holding what it stored. What its lineage store holds is read back through the API, as the
 * governance admin.
 * <p>
 * The port is held by a socket bound to it that never listens, from creation to {@link #close}: connections are
 * refused while the service is stopped, the service (which binds with {@code SO_REUSEADDR}, as does
 * {@link UnresponsiveServer}) takes it when started, and no other process is given it as an ephemeral port while the
 * service is stopped.
 */
final class RestartableCatalogService
        implements AutoCloseable
{
    static final String ADMIN = "admin";
    static final String ADMIN_TOKEN = "admin-token-0123456789abcdef";
    /** The listener's principal, a governance.snapshot-reader by the service's default, and so a writer of lineage. */
    static final String TRINO = "trino";
    static final String TRINO_TOKEN = "trino-token-0123456789abcdef";

    private final Path directory;
    private final Socket portHolder;
    private final int port;
    private final JettyHttpClient httpClient = new JettyHttpClient(CatalogServiceClientModule.allowLargeAnswers(new HttpClientConfig()));
    private Map<String, String> properties = Map.of();
    private TestingCatalogService service;

    private RestartableCatalogService(Path directory)
    {
        this.directory = requireNonNull(directory, "directory is null");
        try {
            portHolder = new Socket();
            portHolder.setReuseAddress(true);
            portHolder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = portHolder.getLocalPort();
    }

    /** A running service; its database lives in {@code directory}. */
    static RestartableCatalogService started(Path directory, Map<String, String> properties)
    {
        RestartableCatalogService service = new RestartableCatalogService(directory);
        try {
            service.start(properties);
        }
        catch (RuntimeException e) {
            try {
                service.close();
            }
            catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        return service;
    }

    /** A service that is down from the start: its port refuses connections until {@link #start}. */
    static RestartableCatalogService stopped(Path directory)
    {
        return new RestartableCatalogService(directory);
    }

    /**
     * A token file for {@code api.token-file} with the admin's token (so that the test can read the audit trail)
     * and {@code tokens} (user to token).
     */
    static Path tokenFile(Path directory, Map<String, String> tokens)
    {
        Map<String, String> all = new HashMap<>(tokens);
        all.putIfAbsent(ADMIN, ADMIN_TOKEN);
        StringBuilder lines = new StringBuilder();
        all.forEach((user, token) -> lines.append(user).append(":sha256:").append(ServiceTokens.digest(token)).append('\n'));
        try {
            Files.createDirectories(directory);
            Path file = Files.createTempFile(directory, "tokens", ".txt");
            Files.writeString(file, lines);
            return file;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri()
    {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port()
    {
        return port;
    }

    /**
     * Starts the service on its port and database with {@code properties}; without an {@code api.token-file} among
     * them, with one that knows the admin's and the listener's tokens.
     */
    void start(Map<String, String> properties)
    {
        checkState(service == null, "the catalog service is running");
        this.properties = Map.copyOf(properties);
        Map<String, String> all = new HashMap<>(properties);
        all.computeIfAbsent("api.token-file", _ -> tokenFile(directory.resolve("tokens"), Map.of(TRINO, TRINO_TOKEN)).toString());
        all.put("http-server.http.port", String.valueOf(port));
        all.put("database.url", "jdbc:h2:file:" + directory.resolve("catalog").toAbsolutePath());
        service = new TestingCatalogService(all);
        checkState(service.baseUri().getPort() == port, "the catalog service is at %s, not on port %s", service.baseUri(), port);
    }

    /** Starts the service again with the settings it last ran with. */
    void start()
    {
        start(properties);
    }

    /** Stops the service: its port refuses connections; its database is kept. */
    void stop()
    {
        if (service != null) {
            service.close();
            service = null;
        }
    }

    /** The query ids of the runs the lineage store holds (each run once), sorted. */
    List<String> storedQueryIds()
    {
        return audit().stream().map(AuditEntry::queryId).sorted().toList();
    }

    /** The audit trail: one entry per run stored. */
    List<AuditEntry> audit()
    {
        checkState(service != null, "the catalog service is stopped");
        CatalogServiceClient client = new CatalogServiceClient(httpClient, uri(), Optional.of(ADMIN_TOKEN));
        return client.audit(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10_000);
    }

    @Override
    public void close()
            throws IOException
    {
        try (portHolder; httpClient) {
            stop();
        }
    }
}
