package dev.trinomesh.lineage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A small tmpfs mounted on a directory, for a spool whose disk really fills up or turns read-only. Mounting needs
 * root (or CAP_SYS_ADMIN); where it is not possible, {@link #mount} says so and the caller decides what to test.
 */
final class TestingTmpfs
        implements AutoCloseable
{
    private final Path directory;
    private boolean mounted = true;

    private TestingTmpfs(Path directory)
    {
        this.directory = directory;
    }

    /** A tmpfs of {@code size} (e.g. {@code 64k}) on {@code directory}; empty when this process may not mount. */
    static Optional<TestingTmpfs> mount(Path directory, String size)
            throws IOException, InterruptedException
    {
        return mountWith(directory, "size=" + size + ",mode=0700");
    }

    /**
     * A read-only tmpfs over {@code directory}: creating a file there fails with EROFS, whoever the process is, while
     * files opened before stay usable; {@link #close} uncovers the directory again (closing twice is harmless). Empty when this process may not mount.
     */
    static Optional<TestingTmpfs> mountReadOnly(Path directory)
            throws IOException, InterruptedException
    {
        return mountWith(directory, "ro,size=16k");
    }

    private static Optional<TestingTmpfs> mountWith(Path directory, String options)
            throws IOException, InterruptedException
    {
        if (run("mount", "-t", "tmpfs", "-o", options, "tmpfs", directory.toString()) != 0) {
            return Optional.empty();
        }
        return Optional.of(new TestingTmpfs(directory));
    }

    Path directory()
    {
        return directory;
    }

    @Override
    public void close()
            throws IOException, InterruptedException
    {
        if (!mounted) {
            return;
        }
        mounted = false;
        // lazily: a file the listener still holds open must not keep the mount around after the test
        if (run("umount", "-l", directory.toString()) != 0) {
            throw new IOException("unmounting " + directory + " failed");
        }
    }

    private static int run(String... command)
            throws IOException, InterruptedException
    {
        List<String> arguments = new ArrayList<>(List.of(command));
        Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("%s did not finish: %s".formatted(arguments, new String(output, UTF_8)));
        }
        return process.exitValue();
    }
}
