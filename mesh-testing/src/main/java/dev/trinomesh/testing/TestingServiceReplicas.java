package dev.trinomesh.testing;

import io.airlift.log.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Catalog service replicas as an operator runs them: each its own process (the service's main class from this JVM's
 * class path, which must hold it, as the distribution's lib/ does), all on one PostgreSQL and one lake directory,
 * behind HAProxy. Callers authenticate with service tokens made here, one per principal. A replica can be killed with
 * SIGKILL and started again.
 */
public final class TestingServiceReplicas
        implements Closeable
{
    private static final Logger log = Logger.get(TestingServiceReplicas.class);
    private static final long START_TIMEOUT_SECONDS = 120;

    private final Path directory;
    private final TestingPostgreSqlServer database;
    private final Map<String, String> properties;
    private final Map<String, String> tokens = new TreeMap<>();
    private final List<Replica> replicas = new ArrayList<>();
    private final TestingHaproxy haproxy;

    /** {@code count} replicas on a test database (fsync off), configured with {@code extraProperties} too. */
    public TestingServiceReplicas(int count, List<String> principals, Map<String, String> extraProperties)
            throws IOException
    {
        this(count, principals, extraProperties, new TestingPostgreSqlServer());
    }

    /** {@code count} replicas on {@code database}, which they close with themselves. */
    public TestingServiceReplicas(int count, List<String> principals, Map<String, String> extraProperties, TestingPostgreSqlServer database)
            throws IOException
    {
        directory = Files.createTempDirectory("mesh-replicas");
        this.database = database;
        try {
            Path tokenFile = directory.resolve("api-tokens");
            StringBuilder lines = new StringBuilder();
            for (String principal : principals) {
                String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
                tokens.put(principal, token);
                lines.append(principal).append(":sha256:").append(sha256(token)).append('\n');
            }
            Files.writeString(tokenFile, lines);
            properties = new HashMap<>(Map.of(
                    "node.environment", "test",
                    "node.bind-ip", "127.0.0.1",
                    "node.internal-address", "127.0.0.1",
                    "database.url", database.jdbcUrl(),
                    "database.user", database.user(),
                    "lake.local.root", Files.createDirectories(directory.resolve("lake")).toString(),
                    "api.token-file", tokenFile.toString(),
                    // A replica that died is noticed within 3 s.
                    "cluster.heartbeat-interval", "500ms",
                    "cluster.replica-timeout", "3s",
                    // The client's address from HAProxy's X-Forwarded-For, as ./mesh up --replicas configures it.
                    "http-server.process-forwarded", "true"));
            properties.putAll(extraProperties);
            for (int i = 0; i < count; i++) {
                replicas.add(new Replica(i));
            }
            replicas.forEach(Replica::start);
            haproxy = new TestingHaproxy(replicas.stream().map(Replica::uri).toList(), "/v1/health/ready");
        }
        catch (RuntimeException | IOException e) {
            close();
            throw e;
        }
    }

    /** The load balancer before the replicas: what every client uses. */
    public URI uri()
    {
        return haproxy.uri();
    }

    /** One replica, directly. */
    public URI replica(int index)
    {
        return replicas.get(index).uri();
    }

    public String token(String principal)
    {
        return tokens.get(principal);
    }

    public String lakeRoot()
    {
        return properties.get("lake.local.root");
    }

    public TestingPostgreSqlServer database()
    {
        return database;
    }

    /** Kills replica {@code index} with SIGKILL: no shutdown hook, no goodbye to the others. */
    public void kill(int index)
    {
        replicas.get(index).kill();
    }

    /** Starts replica {@code index} again, on its port, and waits until it is ready. */
    public void restart(int index)
    {
        replicas.get(index).start();
    }

    /** The operating system's process id of replica {@code index}, as started last. */
    public long pid(int index)
    {
        return replicas.get(index).process.pid();
    }

    @Override
    public void close()
    {
        if (haproxy != null) {
            haproxy.close();
        }
        replicas.forEach(Replica::kill);
        database.close();
        try {
            deleteRecursively(directory, ALLOW_INSECURE);
        }
        catch (IOException e) {
            log.warn(e, "cannot delete %s", directory);
        }
    }

    private static String sha256(String token)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Replica
    {
        private final int index;
        private final int port = Ports.freePort();
        private Process process;
        private int starts;

        Replica(int index)
        {
            this.index = index;
        }

        public URI uri()
        {
            return URI.create("http://127.0.0.1:" + port);
        }

        void start()
        {
            try {
                Map<String, String> config = new TreeMap<>(properties);
                config.put("http-server.http.port", String.valueOf(port));
                config.put("http-server.log.path", directory.resolve("requests-%s.log".formatted(index)).toString());
                Path file = directory.resolve("replica-%s.properties".formatted(index));
                Files.writeString(file, config.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining("\n", "", "\n")));
                Path output = directory.resolve("replica-%s-%s.log".formatted(index, starts++));
                String java = ProcessHandle.current().info().command().orElse("java");
                process = new ProcessBuilder(java, "-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                        "-Dconfig=" + file, "-cp", System.getProperty("java.class.path"), "dev.trinomesh.catalog.server.CatalogService")
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
                awaitReady(output);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void awaitReady(Path output)
                throws IOException
        {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("replica %s exited with %s:%n%s".formatted(index, process.exitValue(), Files.readString(output, UTF_8)));
                }
                try {
                    if (client.send(HttpRequest.newBuilder(uri().resolve("/v1/health/ready")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                }
                catch (IOException _) {
                    // not listening yet
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("replica %s was not ready within %s s:%n%s".formatted(index, START_TIMEOUT_SECONDS, Files.readString(output, UTF_8)));
                }
                ServerProcesses.pause();
            }
        }

        void kill()
        {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
