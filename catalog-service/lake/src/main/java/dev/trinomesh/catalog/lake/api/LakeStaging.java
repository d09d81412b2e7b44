package dev.trinomesh.catalog.lake.api;

import org.apache.iceberg.catalog.TableIdentifier;

import java.util.List;
import java.util.Optional;

/**
 * Write–audit–publish for lake tables. Trino cannot write to an Iceberg branch, so writes are staged in a shadow table
 * that starts as a copy of the target's current metadata (no data is copied), read and audited there, and published
 * to the targets all at once, or not at all. Shadows are named by {@link dev.trinomesh.api.model.StagedTableName}.
 */
public interface LakeStaging
{
    /** Starts staging writes to {@code target} for stage {@code stage} (a pipeline run's id); idempotent. */
    StagedTable stage(TableIdentifier target, long stage);

    /**
     * What the staged writes did to the table: the data files they added when every one of them only appended, for
     * audits that read just the new rows; empty when something else happened (an overwrite, a delete, a new schema).
     */
    Optional<List<String>> appendedFiles(StagedTable table);

    /** Whether the staged writes changed anything: a shadow exists and differs from its base. */
    boolean hasChanges(StagedTable table);

    /**
     * Publishes every staged table that changed, in one transaction of the catalog: each target moves to its shadow's
     * data, or, when the target moved meanwhile and the staged writes only appended, gets those appends on top of what
     * it is now. Each target's contracts are checked as for any commit. The shadows are then dropped (their files now
     * belong to the targets).
     *
     * @throws PublishRefusedException when a target cannot take its staged writes; nothing is published then
     */
    List<TableIdentifier> publish(List<StagedTable> tables);

    /**
     * Whether the table's staged writes are in its target: the target holds the shadow's newest snapshot, or the shadow
     * is gone (a publish drops it once the targets moved).
     */
    boolean isPublished(StagedTable table);

    /** Drops the shadow, and, unless its writes were published, deletes the data files only it holds; the target is untouched. */
    void discard(StagedTable table);

    /** Why staged writes cannot be published; nothing was. */
    final class PublishRefusedException
            extends RuntimeException
    {
        public PublishRefusedException(String message, Throwable cause)
        {
            super(message, cause);
        }

        public PublishRefusedException(String message)
        {
            super(message);
        }
    }
}
