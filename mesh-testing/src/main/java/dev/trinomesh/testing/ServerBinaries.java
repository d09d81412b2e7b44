package dev.trinomesh.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Programs the machine provides to the tests. */
final class ServerBinaries
{
    private ServerBinaries() {}

    /** {@code name} in a directory of PATH or in /usr/sbin (where Debian puts servers, often off a user's PATH). */
    static Optional<String> onPath(String name)
    {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/sbin";
        return Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }
}
