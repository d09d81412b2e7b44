package dev.trinomesh.catalog.identity.authentication;

import com.google.common.collect.ImmutableMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Service tokens ({@code api.token-file}): {@code USER:sha256:HEX} per line ({@code #} comments), only the tokens'
 * SHA-256 kept, so the file does not hold the secrets. A token is looked up by its digest. They are the operator's,
 * for services (the Trino plugins); people use personal tokens, which expire and can be revoked.
 */
public final class ServiceTokens
{
    private static final Pattern LINE = Pattern.compile("([^:\\s]{1,128}):sha256:([0-9a-fA-F]{64})");

    private final Map<String, String> usersByDigest;

    private ServiceTokens(Map<String, String> usersByDigest)
    {
        this.usersByDigest = ImmutableMap.copyOf(usersByDigest);
    }

    public static ServiceTokens load(Path file)
    {
        try {
            return parse(Files.readAllLines(file), file.toString());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read api.token-file %s".formatted(file), e);
        }
    }

    static ServiceTokens parse(List<String> lines, String origin)
    {
        ImmutableMap.Builder<String, String> users = ImmutableMap.builder();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("%s line %s: expected USER:sha256:HEX (the SHA-256 of the user's token in hex, e.g. from `printf %%s TOKEN | sha256sum`)".formatted(origin, index + 1));
            }
            users.put(matcher.group(2).toLowerCase(Locale.ROOT), matcher.group(1));
        }
        return new ServiceTokens(users.buildOrThrow());
    }

    /** The user a token belongs to. */
    public Optional<String> user(String token)
    {
        return Optional.ofNullable(usersByDigest.get(digest(token)));
    }

    public static String digest(String token)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
