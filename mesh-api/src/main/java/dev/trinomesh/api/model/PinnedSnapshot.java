package dev.trinomesh.api.model;

import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A served table read at one Iceberg snapshot of its lake table: {@code <table>@snapshot:<snapshotId>}, e.g.
 * {@code orders@snapshot:8123456789}. The mesh catalog resolves such a name only when a query names it (it is never
 * listed), for a dataset or a previous major's table whose source is a lake table, and governs it as that table.
 * Nothing else can have such a name: dataset names are identifiers, and release names ({@link DatasetRelease#NAME})
 * have no ':', so {@code <dataset>@<release>} never ends in {@code @snapshot:<id>}.
 */
public record PinnedSnapshot(String table, long snapshotId)
{
    public static final String SEPARATOR = "@snapshot:";
    // A non-negative decimal without sign or leading zeros: one spelling per snapshot, so one name per pinned table.
    private static final Pattern SNAPSHOT_ID = Pattern.compile("0|[1-9][0-9]{0,18}");

    public PinnedSnapshot
    {
        requireNonNull(table, "table is null");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("table is empty");
        }
        if (snapshotId < 0) {
            throw new IllegalArgumentException("snapshot id is negative: " + snapshotId);
        }
    }

    /** The name of {@code table} pinned at {@code snapshotId}: {@code orders@snapshot:8123456789}. */
    public static String tableName(String table, long snapshotId)
    {
        return new PinnedSnapshot(table, snapshotId).tableName();
    }

    public String tableName()
    {
        return table + SEPARATOR + snapshotId;
    }

    /** The table and snapshot {@code name} pins, or empty when it is not such a name. */
    public static Optional<PinnedSnapshot> parse(String name)
    {
        int separator = name.lastIndexOf(SEPARATOR);
        if (separator <= 0) {
            return Optional.empty();
        }
        String snapshotId = name.substring(separator + SEPARATOR.length());
        if (!SNAPSHOT_ID.matcher(snapshotId).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PinnedSnapshot(name.substring(0, separator), Long.parseLong(snapshotId)));
        }
        catch (NumberFormatException e) {
            // 19 digits above Long.MAX_VALUE
            return Optional.empty();
        }
    }
}
