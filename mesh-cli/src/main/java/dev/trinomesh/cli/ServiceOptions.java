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

/** Where the catalog service is and who is asking; shared by every command. */
final class ServiceOptions
{
    static final String DEFAULT_URI = "http://127.0.0.1:8181";

    @Option(names = "--service", scope = ScopeType.INHERIT, paramLabel = "URI", description = "Catalog service base URI (default: $MESH_SERVICE_URI or " + DEFAULT_URI + ")")
    String service;

    @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "NAME", description = "Recorded as the author of changes (default: $USER); a service that requires tokens takes the token's user instead")
    String user;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "File holding your bearer token for the service (default: $MESH_TOKEN_FILE; or the token itself in $MESH_TOKEN)")
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
        String author = user != null ? user : Optional.ofNullable(System.getenv("USER")).orElse("cli");
        return new Connection(httpClient, new CatalogServiceClient(httpClient, uri(), Optional.of(author), token()));
    }

    private Optional<String> token()
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
