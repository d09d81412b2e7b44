package dev.trinomesh.api.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A served table restricted to the rows its lake table gained between two Iceberg snapshots:
 * {@code <table>@changes:<from>:<to>}, e.g. {@code orders@changes:812:907}, the rows added after snapshot {@code from} up
 * to and including snapshot {@code to}. Pipelines read upstream datasets so, incrementally: a run's cost follows the new
 * data. The mesh catalog resolves such a name only when a query names it (never listed), for a dataset whose source is
 * a lake table, and governs it exactly as the dataset. Nothing else has such a name (see {@link PinnedSnapshot}).
 */
public record ChangedRows(String table, long fromSnapshotId, long toSnapshotId)
{
    public static final String SEPARATOR = "@changes:";
    // Non-negative decimals without sign or leading zeros: one spelling per range, so one name per table.
    private static final Pattern RANGE = Pattern.compile("(0|[1-9][0-9]{0,18}):(0|[1-9][0-9]{0,18})");

    public ChangedRows
    {
        requireNonNull(table, "table is null");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("table is empty");
        }
        if (fromSnapshotId < 0 || toSnapshotId < 0) {
            throw new IllegalArgumentException("snapshot ids are negative: %s, %s".formatted(fromSnapshotId, toSnapshotId));
        }
    }

    public static String tableName(String table, long fromSnapshotId, long toSnapshotId)
    {
        return new ChangedRows(table, fromSnapshotId, toSnapshotId).tableName();
    }

    public String tableName()
    {
        return table + SEPARATOR + fromSnapshotId + ":" + toSnapshotId;
    }

    /** The table and snapshots {@code name} names, or empty when it is not such a name. */
    public static Optional<ChangedRows> parse(String name)
    {
        int separator = name.lastIndexOf(SEPARATOR);
        if (separator <= 0) {
            return Optional.empty();
        }
        Matcher range = RANGE.matcher(name.substring(separator + SEPARATOR.length()));
        if (!range.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChangedRows(name.substring(0, separator), Long.parseLong(range.group(1)), Long.parseLong(range.group(2))));
        }
        catch (NumberFormatException e) {
            // 19 digits above Long.MAX_VALUE
            return Optional.empty();
        }
    }

    /** The name of the table whose rows these are: {@code orders} of {@code orders@changes:1:2}; the name itself otherwise. */
    public static String baseTable(String name)
    {
        return parse(name).map(ChangedRows::table).orElseGet(() -> PinnedSnapshot.parse(name).map(PinnedSnapshot::table).orElse(name));
    }
}
