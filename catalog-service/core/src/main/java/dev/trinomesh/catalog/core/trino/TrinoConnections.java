package dev.trinomesh.catalog.core.trino;

import dev.trinomesh.api.lineage.Door;
import io.trino.jdbc.TrinoConnection;
import io.trino.jdbc.TrinoDriver;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

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
    private static final int MAX_IDLE_PER_DOOR = 16;

    private final TrinoDriver driver = new TrinoDriver();
    private final Map<Door, Deque<TrinoConnection>> pools = new ConcurrentHashMap<>();

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
        return open(Optional.of(sessionUser), door);
    }

    /**
     * A warm connection of the door's pool, its queries running as {@code sessionUser} until the lease is closed,
     * which hands it back with the session user cleared. A new connection costs a TLS handshake and a sign-in
     * (about 50 ms over HTTPS); a leased one costs neither. Leases are exclusive: one query at a time per lease.
     */
    public Lease lease(String sessionUser, Door door)
            throws SQLException
    {
        requireNonNull(sessionUser, "sessionUser is null");
        checkArgument(!sessionUser.isBlank(), "sessionUser is blank");
        Deque<TrinoConnection> idle = pools.computeIfAbsent(door, _ -> new ConcurrentLinkedDeque<>());
        TrinoConnection connection = idle.pollFirst();
        if (connection == null || connection.isClosed()) {
            connection = open(Optional.empty(), door).unwrap(TrinoConnection.class);
        }
        connection.setSessionUser(sessionUser);
        return new Lease(connection, idle);
    }

    /** A pooled connection lent to one person; closing it returns it (or, after {@link #discard}, closes it). */
    public static final class Lease
            implements AutoCloseable
    {
        private final TrinoConnection connection;
        private final Deque<TrinoConnection> idle;
        private boolean discarded;

        private Lease(TrinoConnection connection, Deque<TrinoConnection> idle)
        {
            this.connection = connection;
            this.idle = idle;
        }

        public Connection connection()
        {
            return connection;
        }

        /** The connection is not to be lent again (a query on it failed in a way that may have left it unusable). */
        public void discard()
        {
            discarded = true;
        }

        @Override
        public void close()
                throws SQLException
        {
            // Cleared before it is offered again, so no later lease can run as this one's person.
            connection.clearSessionUser();
            if (discarded || connection.isClosed() || idle.size() >= MAX_IDLE_PER_DOOR) {
                connection.close();
                return;
            }
            idle.offerFirst(connection);
        }
    }

    private Connection open(Optional<String> sessionUser, Door door)
            throws SQLException
    {
        String source = door.source().orElseThrow(() -> new IllegalArgumentException("%s is not one of the service's doors".formatted(door)));
        URI uri = config.getUri().orElseThrow(() -> new SQLException("the catalog service is not configured to run queries on Trino: set trino.uri (and trino.user, trino.password, trino.truststore-path)"));
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        Properties properties = new Properties();
        properties.setProperty("user", config.getUser());
        config.getPassword().ifPresent(password -> properties.setProperty("password", password));
        sessionUser.ifPresent(user -> properties.setProperty("sessionUser", user));
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
        for (Deque<TrinoConnection> idle : pools.values()) {
            for (TrinoConnection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
                try {
                    connection.close();
                }
                catch (SQLException _) {
                    // Closing a JDBC connection to Trino only forgets it; nothing is left open on a failure.
                }
            }
        }
        driver.close();
    }
}
