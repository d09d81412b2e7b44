package dev.trinomesh.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.api.descriptor.DescriptorDocuments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The tokens {@code mesh login} saved, one per catalog service: a JSON file readable by its owner only, at
 * {@code $MESH_CREDENTIALS} or {@code ~/.config/trino-mesh/credentials.json}. A token, not the password, is kept:
 * it expires, and it can be revoked alone ({@code mesh logout}, {@code mesh tokens revoke}).
 */
final class Credentials
{
    // Public, with its constructor: the JSON mapper (Airlift's) does not override access modifiers.
    public record Login(String user, String token, long tokenId, Instant expiresAt)
    {
        public Login
        {
            requireNonNull(user, "user is null");
            requireNonNull(token, "token is null");
        }
    }

    private static final ObjectMapper MAPPER = DescriptorDocuments.jsonMapper();

    private final Path file;

    Credentials(Path file)
    {
        this.file = requireNonNull(file, "file is null");
    }

    static Credentials standard()
    {
        return new Credentials(Optional.ofNullable(System.getenv("MESH_CREDENTIALS"))
                .filter(value -> !value.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".config", "trino-mesh", "credentials.json")));
    }

    Path file()
    {
        return file;
    }

    Optional<Login> login(URI service)
    {
        return Optional.ofNullable(read().get(key(service)));
    }

    void save(URI service, Login login)
    {
        Map<String, Login> logins = read();
        logins.put(key(service), login);
        write(logins);
    }

    void remove(URI service)
    {
        Map<String, Login> logins = read();
        if (logins.remove(key(service)) != null) {
            write(logins);
        }
    }

    private static String key(URI service)
    {
        String text = service.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private Map<String, Login> read()
    {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Login>>() {}));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the saved logins in %s (%s): remove the file and log in again".formatted(file, e.getMessage()), e);
        }
    }

    /** Written to a new file of mode 600 and moved into place, so that the tokens are never readable by others. */
    private void write(Map<String, Login> logins)
    {
        try {
            Path directory = file.toAbsolutePath().getParent();
            if (!Files.exists(directory)) {
                try {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                catch (FileAlreadyExistsException ignored) {
                    // made meanwhile by another mesh command
                }
            }
            Path temporary = Files.createTempFile(directory, ".credentials", ".json", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                MAPPER.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), logins);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            finally {
                Files.deleteIfExists(temporary);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot save the login in %s: %s".formatted(file, e.getMessage()), e);
        }
    }
}
