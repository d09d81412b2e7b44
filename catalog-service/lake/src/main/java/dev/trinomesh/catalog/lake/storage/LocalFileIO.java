package dev.trinomesh.catalog.lake.storage;

import org.apache.iceberg.Files;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Iceberg files on the local disk, addressed as Trino's native local file system addresses them:
 * {@code local:///a/b} and {@code file:///a/b} (or {@code file:/a/b}) are {@code <root>/a/b}, the path taken literally (no
 * percent-decoding) and never leaving the root. Locations are kept as given, so metadata written here
 * reads the same from Trino.
 */
public class LocalFileIO
        implements FileIO, SupportsPrefixOperations
{
    /** The property that names the root when the FileIO is loaded by class name ({@code io-impl}). */
    public static final String ROOT_PROPERTY = "local.root";
    private static final List<String> PREFIXES = List.of("local:///", "file:///");

    private Path root;

    /** For Iceberg clients that load FileIO implementations by name; {@link #initialize} sets the root. */
    public LocalFileIO() {}

    public LocalFileIO(Path root)
    {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    }

    @Override
    public void initialize(Map<String, String> properties)
    {
        String configured = properties.get(ROOT_PROPERTY);
        if (configured != null) {
            root = Path.of(configured).toAbsolutePath().normalize();
        }
        requireNonNull(root, "set " + ROOT_PROPERTY + " to the directory local:/// locations resolve under");
    }

    @Override
    public InputFile newInputFile(String location)
    {
        return new LocalInputFile(location, Files.localInput(resolve(location).toFile()));
    }

    @Override
    public OutputFile newOutputFile(String location)
    {
        return new LocalOutputFile(location, Files.localOutput(resolve(location).toFile()));
    }

    @Override
    public void deleteFile(String location)
    {
        try {
            java.nio.file.Files.delete(resolve(location));
        }
        catch (NoSuchFileException ignored) {
            // deleting what is not there is done
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + location, e);
        }
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix)
    {
        Path directory = resolve(prefix);
        if (!java.nio.file.Files.isDirectory(directory)) {
            return List.of();
        }
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        try (Stream<Path> files = java.nio.file.Files.walk(directory)) {
            return files.filter(java.nio.file.Files::isRegularFile)
                    .map(file -> new FileInfo(
                            base + directory.relativize(file).toString().replace('\\', '/'),
                            file.toFile().length(),
                            file.toFile().lastModified()))
                    .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot list " + prefix, e);
        }
    }

    @Override
    public void deletePrefix(String prefix)
    {
        listPrefix(prefix).forEach(file -> deleteFile(file.location()));
    }

    /** The file a location names; refuses other schemes, hosts, and paths that leave the root. */
    Path resolve(String location)
    {
        String path = PREFIXES.stream()
                .filter(location::startsWith)
                .findFirst()
                .map(prefix -> location.substring(prefix.length()))
                .or(() -> withoutAuthority(location))
                .orElseThrow(() -> new IllegalArgumentException("not a local location (local:///path or file:///path, without a host): " + location));
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("location %s is outside the lake root %s".formatted(location, root));
        }
        return resolved;
    }

    // Hadoop-style writers say file:/a/b for file:///a/b.
    private static Optional<String> withoutAuthority(String location)
    {
        return location.startsWith("file:/") && !location.startsWith("file://") ? Optional.of(location.substring("file:/".length())) : Optional.empty();
    }

    private record LocalInputFile(String location, InputFile file)
            implements InputFile
    {
        @Override
        public long getLength()
        {
            return file.getLength();
        }

        @Override
        public SeekableInputStream newStream()
        {
            return file.newStream();
        }

        @Override
        public boolean exists()
        {
            return file.exists();
        }
    }

    private record LocalOutputFile(String location, OutputFile file)
            implements OutputFile
    {
        @Override
        public PositionOutputStream create()
        {
            return file.create();
        }

        @Override
        public PositionOutputStream createOrOverwrite()
        {
            return file.createOrOverwrite();
        }

        @Override
        public InputFile toInputFile()
        {
            return new LocalInputFile(location, file.toInputFile());
        }
    }
}
