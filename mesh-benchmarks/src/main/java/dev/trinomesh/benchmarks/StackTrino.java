package dev.trinomesh.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * JDBC connections to the benchmark stack's Trino as {@code ./mesh sql} makes them: at the URL benchmarks/run gives
 * (HTTPS, trusting the stack's CA), as a person of the demo with the password {@code ./mesh up} made for them
 * ({@code $MESH_HOME/passwords/USER}).
 */
public final class StackTrino
{
    private StackTrino() {}

    public static Connection connect(String url, String user)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        password(user).ifPresent(password -> properties.setProperty("password", password));
        return DriverManager.getConnection(url, properties);
    }

    /** The demo password of {@code user}, when {@code ./mesh up} made one in {@code $MESH_HOME/passwords}. */
    public static Optional<String> password(String user)
    {
        Optional<Path> file = Optional.ofNullable(System.getenv("MESH_HOME")).map(home -> Path.of(home, "passwords", user)).filter(Files::isRegularFile);
        try {
            return file.isEmpty() ? Optional.empty() : Optional.of(Files.readString(file.orElseThrow()).strip());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read %s's password in %s".formatted(user, file.orElseThrow()), e);
        }
    }
}
