package dev.trinomesh.api.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a lake table's staged copy, where a pipeline run's writes wait for their audit: {@code orders__staged_42}
 * for table {@code orders} and run 42. Lineage records a staged table's reads and writes as the table's.
 */
public final class StagedTableName
{
    public static final String SUFFIX = "__staged_";
    private static final Pattern STAGED = Pattern.compile("(.+)" + SUFFIX + "([0-9]{1,19})");

    private StagedTableName() {}

    public static String of(String table, long stage)
    {
        return table + SUFFIX + stage;
    }

    /** The table {@code name} stages, when it is a staged table's name. */
    public static Optional<String> target(String name)
    {
        Matcher matcher = STAGED.matcher(name);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
