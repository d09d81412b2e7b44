package dev.trinomesh.catalog.identity;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSetMultimap;
import com.google.common.collect.SetMultimap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Group memberships from a file in the format of Trino's file group provider: one
 * {@code group:user1,user2} per line, {@code #} comments. Re-read when its modification time changes,
 * so that the service and Trino can share one file.
 */
final class GroupFile
{
    private final Path path;
    private FileTime loadedAt;
    private SetMultimap<String, String> groupsByUser = ImmutableSetMultimap.of();

    GroupFile(Path path)
    {
        this.path = requireNonNull(path, "path is null");
    }

    synchronized Set<String> groupsOf(String user)
    {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (!modified.equals(loadedAt)) {
                groupsByUser = parse(Files.readAllLines(path));
                loadedAt = modified;
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the group file %s (governance.group-file)".formatted(path), e);
        }
        return groupsByUser.get(user);
    }

    static SetMultimap<String, String> parse(List<String> lines)
    {
        ImmutableSetMultimap.Builder<String, String> groups = ImmutableSetMultimap.builder();
        for (String line : lines) {
            String content = line.strip();
            int colon = content.indexOf(':');
            if (content.isEmpty() || content.startsWith("#") || colon <= 0) {
                continue;
            }
            String group = content.substring(0, colon).strip();
            for (String user : Splitter.on(',').trimResults().omitEmptyStrings().split(content.substring(colon + 1))) {
                groups.put(user, group);
            }
        }
        return groups.build();
    }
}
