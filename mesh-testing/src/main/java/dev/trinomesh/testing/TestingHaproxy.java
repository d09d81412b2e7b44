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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * HAProxy (Debian's package, found on the PATH or at {@code MESH_TEST_HAPROXY}) balancing HTTP over servers on loopback,
 * as an operator would put it before the catalog service's replicas: round robin, a server checked every
 * 500 ms on a health path and taken out after two failures, and a request whose connection could not be made sent to
 * another server (only then: a request that reached a server is never sent twice). Its server timeout is longer than
 * the service's longest long poll. It tells the servers the client's address in X-Forwarded-For, replacing any
 * forwarding header the client sent, and lets no connection switch protocols.
 */
public final class TestingHaproxy
        implements Closeable
{
    private static final Logger log = Logger.get(TestingHaproxy.class);
    private static final int START_ATTEMPTS = 5;
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Path directory;
    private final int port;
    private final Process process;

    public TestingHaproxy(List<URI> servers, String healthPath)
    {
        String haproxy = Optional.ofNullable(System.getenv("MESH_TEST_HAPROXY")).orElse(ServerBinaries.onPath("haproxy").orElseThrow(() -> new IllegalStateException(
                "HAProxy not found: install it (apt-get install haproxy) or set MESH_TEST_HAPROXY to its path; ./mesh test installs it when run as root")));
        try {
            directory = Files.createTempDirectory("mesh-haproxy");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int attempt = 1;
        while (true) {
            int candidate = Ports.freePort();
            Path config = directory.resolve("haproxy.cfg");
            Path output = directory.resolve("haproxy-%s.log".formatted(attempt));
            try {
                Files.writeString(config, config(candidate, servers, healthPath));
                Process started = new ProcessBuilder(haproxy, "-db", "-f", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
                Optional<String> failure = awaitListening(started, candidate, output);
                if (failure.isEmpty()) {
                    port = candidate;
                    process = started;
                    break;
                }
                ServerProcesses.stop(started);
                if (attempt++ == START_ATTEMPTS || !failure.orElseThrow().contains("cannot bind")) {
                    throw new IllegalStateException("HAProxy did not start on port %s: %s".formatted(candidate, failure.orElseThrow()));
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        log.info("HAProxy on port %s before %s", port, servers);
    }

    private static String config(int port, List<URI> servers, String healthPath)
    {
        List<String> lines = new ArrayList<>(List.of(
                "global",
                "    maxconn 2000",
                "defaults",
                "    mode http",
                "    timeout connect 1s",
                // Longer than the longest long poll the service holds (60 s).
                "    timeout client 120s",
                "    timeout server 120s",
                "    retries 3",
                "    option redispatch 1",
                "frontend replicas",
                "    bind 127.0.0.1:" + port,
                // The client's address in X-Forwarded-For, set by HAProxy alone: what clients sent is deleted first. So
                // is Upgrade: a connection switched to h2c would be a tunnel past these rules, to one server.
                "    http-request del-header ^(forwarded|x-forwarded-.*|x-proxied-https|upgrade|http2-settings)$ -m reg",
                "    option forwardfor",
                "    default_backend replicas",
                "backend replicas",
                "    balance roundrobin",
                "    option httpchk GET " + healthPath,
                "    http-check expect status 200",
                "    default-server inter 500ms fall 2 rise 2"));
        for (int i = 0; i < servers.size(); i++) {
            lines.add("    server replica%s %s:%s check".formatted(i + 1, servers.get(i).getHost(), servers.get(i).getPort()));
        }
        return String.join("\n", lines) + "\n";
    }

    /** Empty once HAProxy answers on {@code port}; else why not, with its output. */
    private static Optional<String> awaitListening(Process process, int port, Path output)
            throws IOException
    {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            if (!process.isAlive()) {
                return Optional.of("it exited with %s:%n%s".formatted(process.exitValue(), Files.readString(output, UTF_8)));
            }
            try {
                // Its own answer (any status) tells it listens; a refused connection that it does not yet.
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/".formatted(port))).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                return Optional.empty();
            }
            catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    return Optional.of("it did not listen within %s s:%n%s".formatted(START_TIMEOUT_SECONDS, Files.readString(output, UTF_8)));
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ServerProcesses.pause();
        }
    }

    public URI uri()
    {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close()
    {
        ServerProcesses.stopAndRemove(process, directory);
    }
}
