package dev.trinomesh.catalog.core.trino;

import dev.trinomesh.api.lineage.Door;
import io.trino.jdbc.TrinoDriver;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * The one place the service opens connections to Trino. It signs in as its own principal ({@code trino.user}, with
 * {@code trino.password} over HTTPS) and runs each query as the person it acts for: the connection's session user,
 * which Trino allows only to the principals its access controls name as impersonators. The query's source names
 * the door it came through ({@link Door}), so lineage and audit can tell a portal query from a quality check.
 * Sessions are in UTC, so timestamps without a zone mean the same to every query the service runs.
 */
public final class TrinoConnections
{
    private final TrinoConfig config;
    private final TrinoDriver driver = new TrinoDriver();

    @Inject
    public TrinoConnections(TrinoConfig config)
    {
        this.config = requireNonNull(config, "config is null");
    }

    /** Trino's address; empty when the service is configured to run no queries ({@code trino.uri} unset). */
    public Optional<URI> uri()
    {
        return config.getUri();
    }

    /** The service's principal at Trino. */
    public String principal()
    {
        return config.getUser();
    }

    /**
     * A connection whose queries run as {@code sessionUser}, through {@code door}. Trino refuses the first query
     * (not the connection) when the service's principal may not act for that user.
     */
    public Connection open(String sessionUser, Door door)
            throws SQLException
    {
        requireNonNull(sessionUser, "sessionUser is null");
        checkArgument(!sessionUser.isBlank(), "sessionUser is blank");
        String source = door.source().orElseThrow(() -> new IllegalArgumentException("%s is not one of the service's doors".formatted(door)));
        URI uri = config.getUri().orElseThrow(() -> new SQLException("the catalog service is not configured to run queries on Trino: set trino.uri (and trino.user, trino.password, trino.truststore-path)"));
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        Properties properties = new Properties();
        properties.setProperty("user", config.getUser());
        config.getPassword().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("sessionUser", sessionUser);
        properties.setProperty("source", source);
        properties.setProperty("timezone", "UTC");
        if (tls) {
            properties.setProperty("SSL", "true");
            config.getTruststorePath().ifPresent(path -> properties.setProperty("SSLTrustStorePath", path));
        }
        int port = uri.getPort() != -1 ? uri.getPort() : (tls ? 443 : 80);
        String url = "jdbc:trino://%s:%s".formatted(uri.getHost(), port);
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("the Trino JDBC driver does not accept " + url);
        }
        return connection;
    }

    @PreDestroy
    public void close()
            throws IOException
    {
        driver.close();
    }
}
