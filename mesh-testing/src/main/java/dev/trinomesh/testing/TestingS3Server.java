package dev.trinomesh.testing;

import io.airlift.log.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;

/**
 * A real S3 API endpoint for tests: s3proxy on the file system, run as its own process (its
 * dependencies would clash with Trino's in one JVM). Buckets are directories, created up front.
 * The jar is found at system property {@code s3proxy.jar} (the test modules copy it there).
 */
public final class TestingS3Server
        implements Closeable
{
    private static final Logger log = Logger.get(TestingS3Server.class);
    public static final String ACCESS_KEY = "mesh-access";
    public static final String SECRET_KEY = "mesh-secret-key";
    public static final String REGION = "us-east-1";

    private final Path directory;
    private final int port;
    private final Process process;

    public TestingS3Server(String... buckets)
    {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("s3proxy jar not found (system property s3proxy.jar = %s); the module's build copies it to target/s3proxy".formatted(jar));
        }
        try {
            directory = Files.createTempDirectory("mesh-s3");
            Path data = Files.createDirectories(directory.resolve("data"));
            for (String bucket : buckets) {
                Files.createDirectories(data.resolve(bucket));
            }
            port = freePort();
            Path properties = directory.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "s3proxy.ignore-unknown-headers=true",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
            String java = ProcessHandle.current().info().command().orElse("java");
            process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar, "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("s3proxy.log").toFile())
                    .start();
            awaitPort();
            log.info("s3proxy on port %s in %s", port, directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint()
    {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitPort()
            throws IOException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited: " + Files.readString(directory.resolve("s3proxy.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            }
            catch (IOException e) {
                sleep();
            }
        }
        throw new IllegalStateException("s3proxy did not listen on port %s within 60 s: %s".formatted(port, Files.readString(directory.resolve("s3proxy.log"))));
    }

    private static void sleep()
    {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close()
    {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            deleteRecursively(directory, ALLOW_INSECURE);
        }
        catch (IOException e) {
            log.warn(e, "cannot delete %s", directory);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort()
            throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
