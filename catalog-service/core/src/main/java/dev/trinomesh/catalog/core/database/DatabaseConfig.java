package dev.trinomesh.catalog.core.database;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.Optional;

public class DatabaseConfig
{
    private String url = "jdbc:h2:file:./var/catalog-service/catalog";
    private String user;
    private String password;
    private int maxConnections = 16;

    @NotNull
    @Pattern(regexp = "jdbc:(h2|postgresql):.*", message = "must be an H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql://...) JDBC URL")
    public String getUrl()
    {
        return url;
    }

    @Config("database.url")
    @ConfigDescription("JDBC URL of the service database: H2 (embedded, default) or PostgreSQL")
    public DatabaseConfig setUrl(String url)
    {
        this.url = url;
        return this;
    }

    public Optional<String> getUser()
    {
        return Optional.ofNullable(user);
    }

    @Config("database.user")
    public DatabaseConfig setUser(String user)
    {
        this.user = user;
        return this;
    }

    public Optional<String> getPassword()
    {
        return Optional.ofNullable(password);
    }

    @Config("database.password")
    @ConfigSecuritySensitive
    public DatabaseConfig setPassword(String password)
    {
        this.password = password;
        return this;
    }

    @Min(1)
    @Max(1000)
    public int getMaxConnections()
    {
        return maxConnections;
    }

    @Config("database.max-connections")
    @ConfigDescription("Size of the connection pool")
    public DatabaseConfig setMaxConnections(int maxConnections)
    {
        this.maxConnections = maxConnections;
        return this;
    }
}
