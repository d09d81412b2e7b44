package dev.trinomesh.cli;

import dev.trinomesh.api.client.CatalogServiceClient;
import io.airlift.http.client.HttpClientConfig;
import io.airlift.http.client.jetty.JettyHttpClient;
import io.airlift.units.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.Closeable;
import java.net.URI;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;

/** Where the catalog service is and who is asking; shared by every command. */
final class ServiceOptions
{
    static final String DEFAULT_URI = "http://127.0.0.1:8181";

    @Option(names = "--service", scope = ScopeType.INHERIT, paramLabel = "URI", description = "Catalog service base URI (default: $MESH_SERVICE_URI or " + DEFAULT_URI + ")")
    String service;

    @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "NAME", description = "Recorded as the author of changes (default: $USER)")
    String user;

    URI uri()
    {
        String value = service != null ? service : Optional.ofNullable(System.getenv("MESH_SERVICE_URI")).orElse(DEFAULT_URI);
        return URI.create(value);
    }

    Connection connect()
    {
        HttpClientConfig config = new HttpClientConfig()
                .setConnectTimeout(new Duration(5, SECONDS))
                .setRequestTimeout(new Duration(60, SECONDS));
        JettyHttpClient httpClient = new JettyHttpClient(config);
        String author = user != null ? user : Optional.ofNullable(System.getenv("USER")).orElse("cli");
        return new Connection(httpClient, new CatalogServiceClient(httpClient, uri(), Optional.of(author)));
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
