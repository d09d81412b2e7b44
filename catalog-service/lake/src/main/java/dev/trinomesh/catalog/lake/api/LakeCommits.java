package dev.trinomesh.catalog.lake.api;

import dev.trinomesh.api.model.LakeCommit;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.Map;
import java.util.function.Consumer;

/** What happens in the lake: commits as they are made, and the newest data of each table. */
public interface LakeCommits
{
    /**
     * Calls {@code subscriber} on the committing thread after a commit added data to a lake table: it must only
     * hand the work on; a failing one is logged and never affects the commit.
     */
    void subscribe(Consumer<TableIdentifier> subscriber);

    /** The newest accepted commit that added data, of every table that has one. */
    Map<TableIdentifier, LakeCommit> latestSnapshots();
}
