package dev.trinomesh.catalog.data.read;

/** The mesh connector's snapshot-pinned table of a served table. */
final class PinnedTables
{
    private PinnedTables() {}

    static String name(String table, long snapshot)
    {
        return table + "@snapshot:" + snapshot;
    }
}
