package dev.trinomesh.testing;

import io.airlift.log.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A private PostgreSQL server for tests, run from the PostgreSQL binaries installed on the machine
 * (no Docker). PostgreSQL refuses to run as root, so as root the server runs as the {@code postgres}
 * user. Set {@code MESH_TEST_PG_BIN} to choose the binaries' directory.
 */
public final class TestingPostgreSqlServer
        implements Closeable
{
    private static final Logger log = Logger.get(TestingPostgreSqlServer.class);
    private static final String SERVICE_USER = "postgres";
    public static final String USER = "mesh";
    public static final String DATABASE = "mesh";

    private final Path binaries;
    private final Path directory;
    private final Path dataDirectory;
    private final int port;

    public TestingPostgreSqlServer()
    {
        binaries = findBinaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries (initdb, pg_ctl) not found: install PostgreSQL (e.g. apt-get install postgresql) " +
                        "or set MESH_TEST_PG_BIN to the directory that holds them"));
        try {
            directory = Files.createTempDirectory("mesh-postgres");
            dataDirectory = directory.resolve("data");
            port = freePort();
            if (isRoot()) {
                UserPrincipal owner = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
                Files.setOwner(directory, owner);
            }
            run(binary("initdb"), "-D", dataDirectory.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C");
            run(binary("pg_ctl"), "-D", dataDirectory.toString(), "-l", directory.resolve("server.log").toString(), "-w", "-t", "60",
                    "-o", "-p %s -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200".formatted(port, directory),
                    "start");
            run(binary("createdb"), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, DATABASE);
            log.info("PostgreSQL test server running on port %s in %s", port, directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl()
    {
        return "jdbc:postgresql://127.0.0.1:%s/%s".formatted(port, DATABASE);
    }

    public String user()
    {
        return USER;
    }

    public int port()
    {
        return port;
    }

    @Override
    public void close()
    {
        try {
            run(binary("pg_ctl"), "-D", dataDirectory.toString(), "-m", "immediate", "-w", "stop");
        }
        catch (RuntimeException e) {
            log.warn(e, "stopping PostgreSQL failed");
        }
        try {
            deleteRecursively(directory, ALLOW_INSECURE);
        }
        catch (IOException e) {
            log.warn(e, "deleting %s failed", directory);
        }
    }

    private String binary(String name)
    {
        return binaries.resolve(name).toString();
    }

    private void run(String... command)
    {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            line.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        line.addAll(Arrays.asList(command));
        try {
            Process process = new ProcessBuilder(line).directory(directory.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                String serverLog = readServerLog();
                throw new IllegalStateException("command failed: %s%n%s%s".formatted(String.join(" ", line), output, serverLog));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", line), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String readServerLog()
    {
        Path serverLog = directory.resolve("server.log");
        try {
            return Files.exists(serverLog) ? "server log:\n" + Files.readString(serverLog) : "";
        }
        catch (IOException e) {
            return "";
        }
    }

    private static Optional<Path> findBinaries()
    {
        String configured = System.getenv("MESH_TEST_PG_BIN");
        if (configured != null) {
            return Optional.of(Path.of(configured));
        }
        Path debianRoot = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debianRoot)) {
            try (Stream<Path> versions = Files.list(debianRoot)) {
                Optional<Path> newest = versions
                        .map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .max(Comparator.comparing(bin -> versionOf(bin.getParent())));
                if (newest.isPresent()) {
                    return newest;
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Stream.of(System.getenv("PATH").split(":"))
                .map(Path::of)
                .filter(directory -> Files.isExecutable(directory.resolve("initdb")) && Files.isExecutable(directory.resolve("pg_ctl")))
                .findFirst();
    }

    private static int versionOf(Path directory)
    {
        try {
            return Integer.parseInt(directory.getFileName().toString());
        }
        catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort()
            throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
