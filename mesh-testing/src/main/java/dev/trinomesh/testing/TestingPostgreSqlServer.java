package dev.trinomesh.testing;

import io.airlift.log.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    private static final int START_ATTEMPTS = 5;
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path binaries;
    private final Path directory;
    private final Path dataDirectory;
    private final int port;
    private final boolean durable;
    private int scripts;

    /** A server for tests: fsync, synchronous_commit and full_page_writes off, for speed. */
    public TestingPostgreSqlServer()
    {
        this(false);
    }

    /** A server with a production server's durability (fsync, synchronous_commit and full_page_writes on), for benchmarks. */
    public static TestingPostgreSqlServer durable()
    {
        return new TestingPostgreSqlServer(true);
    }

    private TestingPostgreSqlServer(boolean durable)
    {
        this.durable = durable;
        binaries = findBinaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries (initdb, pg_ctl) not found: install PostgreSQL (e.g. apt-get install postgresql) " +
                        "or set MESH_TEST_PG_BIN to the directory that holds them"));
        try {
            directory = Files.createTempDirectory("mesh-postgres");
            dataDirectory = directory.resolve("data");
            if (isRoot()) {
                Files.setOwner(directory, serviceUser());
            }
            run(binary("initdb"), "-D", dataDirectory.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C");
            port = start();
            run(binary("createdb"), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, DATABASE);
            log.info("PostgreSQL test server running on port %s in %s", port, directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the server on a free port. PostgreSQL cannot be given port 0 and must bind the port itself, so a
     * port another process takes between the probe and the start is met by starting again on another one.
     */
    private int start()
    {
        for (int attempt = 1; ; attempt++) {
            int candidate = Ports.freePort();
            try {
                startOn(candidate);
                return candidate;
            }
            catch (IllegalStateException e) {
                if (attempt == START_ATTEMPTS || !readServerLog().contains("could not bind")) {
                    throw e;
                }
                log.warn("port %s was taken before PostgreSQL bound it; starting again on another", candidate);
            }
        }
    }

    private void startOn(int port)
    {
        String durability = durable ? "on" : "off";
        run(binary("pg_ctl"), "-D", dataDirectory.toString(), "-l", directory.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p %s -k %s -c listen_addresses=127.0.0.1 -c fsync=%s -c synchronous_commit=%s -c full_page_writes=%s -c max_connections=200"
                        .formatted(port, directory, durability, durability, durability),
                "start");
    }

    /** Stops the server at once, as a crash would (every connection cut), then starts it again on the same port and data. */
    public void restart(java.time.Duration down)
    {
        run(binary("pg_ctl"), "-D", dataDirectory.toString(), "-m", "immediate", "-w", "stop");
        try {
            Thread.sleep(down.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        startOn(port);
    }

    /** Runs an SQL script with psql as the database's user, stopping at the first error (restores a pg_dump). */
    public void runScript(Path script)
    {
        try {
            Path copy = directory.resolve("script-%s.sql".formatted(scripts++));
            Files.copy(script, copy);
            if (isRoot()) {
                Files.setOwner(copy, serviceUser());
            }
            run(binary("psql"), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "-d", DATABASE, "-v", "ON_ERROR_STOP=1", "-q", "-f", copy.toString());
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
            // The output goes to a file, not a pipe: a command that hangs cannot then hold the wait past its timeout.
            Path output = Files.createTempFile("postgresql-command", ".log");
            try {
                Process process = new ProcessBuilder(line).directory(directory.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
                boolean exited = process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (!exited) {
                    // runuser's children (pg_ctl, and a postgres it started) would outlive it.
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
                if (!exited || process.exitValue() != 0) {
                    String outcome = exited ? "exited with " + process.exitValue() : "did not finish within %s s".formatted(COMMAND_TIMEOUT_SECONDS);
                    throw new IllegalStateException("command %s: %s%n%s%s".formatted(outcome, String.join(" ", line), Files.readString(output, UTF_8), readServerLog()));
                }
            }
            finally {
                Files.deleteIfExists(output);
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
                        .max(Comparator.comparingInt(bin -> versionOf(bin.getParent())));
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

    private UserPrincipal serviceUser()
            throws IOException
    {
        return directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
    }

    private static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }
}
