package dev.trinomesh.catalog.lake;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The snapshots a commit adds: those of the new metadata that its base (null when creating) does not have. */
public final class NewSnapshots
{
    private NewSnapshots() {}

    public static List<Snapshot> of(TableMetadata base, TableMetadata updated)
    {
        Set<Long> known = base == null ? Set.of() : base.snapshots().stream().map(Snapshot::snapshotId).collect(Collectors.toSet());
        return updated.snapshots().stream()
                .filter(snapshot -> !known.contains(snapshot.snapshotId()))
                .toList();
    }
}
