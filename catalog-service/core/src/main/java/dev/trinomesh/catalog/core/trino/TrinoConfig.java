package dev.trinomesh.catalog.core.trino;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.configuration.LegacyConfig;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Trino the service runs queries on, and who the service is there: its own principal, which acts for the
 * people (and the quality checks' identity) the queries run as.
 */
public class TrinoConfig
{
    private URI uri;
    private String user = "mesh-service";
    private String password;
    private String truststorePath;

    public Optional<URI> getUri()
    {
        return Optional.ofNullable(uri);
    }

    @Config("trino.uri")
    @LegacyConfig("quality.trino-uri")
    @ConfigDescription("Trino coordinator the service runs queries on, e.g. https://trino:8443; unset, the service runs none (quality runs are refused with a message saying so)")
    public TrinoConfig setUri(URI uri)
    {
        this.uri = uri;
        return this;
    }

    @NotEmpty
    public String getUser()
    {
        return user;
    }

    @Config("trino.user")
    @ConfigDescription("The service's principal at Trino: it signs in as this user and acts for others, so the mesh access control must list it in mesh.impersonators")
    public TrinoConfig setUser(String user)
    {
        this.user = user;
        return this;
    }

    public Optional<String> getPassword()
    {
        return Optional.ofNullable(password);
    }

    @Config("trino.password")
    @ConfigSecuritySensitive
    @ConfigDescription("Password of trino.user at Trino (sent only over HTTPS)")
    public TrinoConfig setPassword(String password)
    {
        this.password = password;
        return this;
    }

    public Optional<String> getTruststorePath()
    {
        return Optional.ofNullable(truststorePath);
    }

    @Config("trino.truststore-path")
    @ConfigDescription("PEM file of the CA certificate(s) Trino's HTTPS certificate is checked against; unset, the JVM's default trust store")
    public TrinoConfig setTruststorePath(String truststorePath)
    {
        this.truststorePath = truststorePath;
        return this;
    }

    // The Trino JDBC driver refuses a password over plain HTTP; say so when the service starts, not at its first query.
    @AssertTrue(message = "trino.password is sent only over HTTPS: trino.uri must be an https:// address")
    public boolean isPasswordOverTls()
    {
        return password == null || uri == null || "https".equalsIgnoreCase(uri.getScheme());
    }

    @AssertTrue(message = "trino.uri must be an http:// or https:// address of the Trino coordinator, e.g. https://trino:8443")
    public boolean isUriHttp()
    {
        return uri == null || (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null);
    }

    @AssertTrue(message = "trino.truststore-path must name a readable PEM file with the CA certificate that signed Trino's HTTPS certificate")
    public boolean isTruststoreReadable()
    {
        return truststorePath == null || Files.isReadable(Path.of(truststorePath));
    }
}
