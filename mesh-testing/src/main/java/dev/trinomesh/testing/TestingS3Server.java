package dev.trinomesh.testing;

import io.airlift.log.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A real S3 API endpoint for tests: s3proxy on the file system, run as its own process (its
 * dependencies would clash with Trino's in one JVM). Buckets are directories, created up front.
 * The jar is found at system property {@code s3proxy.jar} (the test modules copy it there). {@link #stop()} and
 * {@link #start()} take the endpoint away and bring it back on the same port with the same objects.
 */
public final class TestingS3Server
        implements Closeable
{
    private static final Logger log = Logger.get(TestingS3Server.class);
    public static final String ACCESS_KEY = "mesh-access";
    public static final String SECRET_KEY = "mesh-secret-key";
    public static final String REGION = "us-east-1";

    private static final int START_ATTEMPTS = 5;
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final String jar;
    private final Path data;
    private final int port;
    private Process process;

    private record Started(int port, Process process) {}

    public TestingS3Server(String... buckets)
    {
        jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("s3proxy jar not found (system property s3proxy.jar = %s); the module's build copies it to target/s3proxy".formatted(jar));
        }
        try {
            directory = Files.createTempDirectory("mesh-s3");
            data = Files.createDirectories(directory.resolve("data"));
            for (String bucket : buckets) {
                Files.createDirectories(data.resolve(bucket));
            }
            Started started = start(OptionalInt.empty());
            port = started.port();
            process = started.process();
            log.info("s3proxy on port %s in %s", port, directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the endpoint, as if S3 went away: requests to it are refused until {@link #start()}. The stored objects stay.
     */
    public synchronized void stop()
    {
        if (process == null) {
            throw new IllegalStateException("s3proxy is stopped already");
        }
        ServerProcesses.stop(process);
        process = null;
        log.info("s3proxy on port %s stopped", port);
    }

    /** Starts the endpoint again after {@link #stop()}: on the same port, with the same objects. */
    public synchronized void start()
    {
        if (process != null) {
            throw new IllegalStateException("s3proxy is running already");
        }
        try {
            process = start(OptionalInt.of(port)).process();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("s3proxy on port %s started again", port);
    }

    /**
     * Starts s3proxy on {@code fixedPort}, or on a free port. It must be told its port and binds it itself, so a port another process takes
     * between the probe and the start is met by starting again on another one. It is ready when it says it started
     * on that port (a connection to the port could reach the other process).
     */
    private Started start(OptionalInt fixedPort)
            throws IOException
    {
        for (int attempt = 1; ; attempt++) {
            int candidate = fixedPort.orElseGet(Ports::freePort);
            Path properties = directory.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + candidate,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "s3proxy.ignore-unknown-headers=true",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
            Path output = Files.createTempFile(directory, "s3proxy-", ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process candidateProcess = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar, "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            Optional<String> failure = awaitStarted(candidateProcess, candidate, output);
            if (failure.isEmpty()) {
                return new Started(candidate, candidateProcess);
            }
            ServerProcesses.stop(candidateProcess);
            if (attempt == START_ATTEMPTS || fixedPort.isPresent() || !failure.orElseThrow().contains("Failed to bind")) {
                throw new IllegalStateException("s3proxy did not start on port %s: %s".formatted(candidate, failure.orElseThrow()));
            }
            log.warn("port %s was taken before s3proxy bound it; starting again on another", candidate);
        }
    }

    /** Empty once s3proxy says it listens on {@code port}; else why not, with its output. */
    private static Optional<String> awaitStarted(Process process, int port, Path output)
            throws IOException
    {
        String started = "Started ";
        String endpoint = "{127.0.0.1:%s}".formatted(port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            String text = Files.readString(output, UTF_8);
            if (text.lines().anyMatch(line -> line.contains(started) && line.contains("ServerConnector") && line.contains(endpoint))) {
                return Optional.empty();
            }
            if (!process.isAlive()) {
                return Optional.of("it exited with %s:%n%s".formatted(process.exitValue(), text));
            }
            if (System.nanoTime() - deadline > 0) {
                return Optional.of("it did not say it started within %s s:%n%s".formatted(START_TIMEOUT_SECONDS, text));
            }
            ServerProcesses.pause();
        }
    }

    public URI endpoint()
    {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public synchronized void close()
    {
        ServerProcesses.stopAndRemove(process, directory);
    }
}
