package dev.trinomesh.catalog.identity.authentication;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.google.common.collect.ImmutableMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Trino's password file ({@code USER:HASH} per line, bcrypt hashes), read by the service too so that people log in with
 * the password they give Trino; re-read when it changes, as Trino does.
 */
public final class PasswordFile
{
    // Verified against when the user is unknown, so that the answer takes as long as for a known user.
    private static final String UNKNOWN_USER_HASH = BCrypt.withDefaults().hashToString(10, "no-such-user".toCharArray());

    private final Path path;
    private FileTime loadedAt;
    private Map<String, String> hashes = Map.of();

    public PasswordFile(Path path)
    {
        this.path = requireNonNull(path, "path is null");
    }

    public boolean verify(String user, String password)
    {
        String hash = hashes().getOrDefault(user, UNKNOWN_USER_HASH);
        boolean verified = BCrypt.verifyer().verify(password.getBytes(UTF_8), hash.getBytes(UTF_8)).verified;
        return verified && !hash.equals(UNKNOWN_USER_HASH);
    }

    private synchronized Map<String, String> hashes()
    {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (!modified.equals(loadedAt)) {
                hashes = parse(Files.readAllLines(path), path.toString());
                loadedAt = modified;
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the password file %s (identity.password-file)".formatted(path), e);
        }
        return hashes;
    }

    static Map<String, String> parse(List<String> lines, String origin)
    {
        ImmutableMap.Builder<String, String> hashes = ImmutableMap.builder();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index).strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            String hash = colon < 0 ? "" : line.substring(colon + 1);
            if (colon <= 0 || !hash.matches("\\$2[abxy]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw new IllegalArgumentException("%s line %s: expected USER:BCRYPT_HASH (a bcrypt hash such as $2y$10$..., as Trino's password file takes)".formatted(origin, index + 1));
            }
            hashes.put(line.substring(0, colon), hash);
        }
        return hashes.buildOrThrow();
    }
}
