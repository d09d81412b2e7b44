package dev.trinomesh.cli;

import dev.trinomesh.api.client.CatalogServiceClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.airlift.units.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Where the catalog service is and who is asking, shared by every command. The token is the first of:
 * {@code --token-file}, {@code $MESH_TOKEN_FILE}, {@code $MESH_TOKEN}, and the token {@code mesh login} saved for
 * the service; the service knows the user by it.
 */
final class ServiceOptions
{
    static final String DEFAULT_URI = "http://127.0.0.1:8181";

    @Option(names = "--service", scope = ScopeType.INHERIT, paramLabel = "URI", description = "Catalog service base URI (default: $MESH_SERVICE_URI or " + DEFAULT_URI + ")")
    String service;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "File holding your bearer token for the service (default: $MESH_TOKEN_FILE; or the token itself in $MESH_TOKEN; or the token mesh login saved)")
    Path tokenFile;

    URI uri()
    {
        String value = service != null ? service : Optional.ofNullable(System.getenv("MESH_SERVICE_URI")).orElse(DEFAULT_URI);
        return URI.create(value);
    }

    Connection connect()
    {
        HttpClientConfig config = new HttpClientConfig()
                .setConnectTimeout(new Duration(5, SECONDS))
                .setRequestTimeout(new Duration(60, SECONDS))
                // A command lives seconds: no sweeping of idle destinations, whose race with a new request
                // (a Jetty bug) once failed './mesh up' with "Pool.acquire() ... this.pool is null".
                .setDestinationIdleTimeout(new Duration(0, SECONDS));
        JettyHttpClient httpClient = new JettyHttpClient(config);
        return new Connection(httpClient, new CatalogServiceClient(httpClient, uri(), token()));
    }

    /** A token given explicitly (option or environment), which wins over a saved login. */
    Optional<String> explicitToken()
    {
        Optional<Path> file = Optional.ofNullable(tokenFile).or(() -> Optional.ofNullable(System.getenv("MESH_TOKEN_FILE")).filter(value -> !value.isBlank()).map(Path::of));
        if (file.isPresent()) {
            try {
                return Optional.of(Files.readString(file.orElseThrow()).strip());
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot read the token file %s".formatted(file.orElseThrow()), e);
            }
        }
        return Optional.ofNullable(System.getenv("MESH_TOKEN")).filter(value -> !value.isBlank());
    }

    private Optional<String> token()
    {
        return explicitToken().or(() -> Credentials.standard().login(uri()).map(Credentials.Login::token));
    }

    record Connection(JettyHttpClient httpClient, CatalogServiceClient client)
            implements Closeable
    {
        @Override
        public void close()
        {
            httpClient.close();
        }
    }
}
