package dev.trinomesh.catalog.lake;

import dev.trinomesh.api.model.StagedTableName;
import dev.trinomesh.catalog.lake.LakeCatalog.PreparedCommit;
import dev.trinomesh.catalog.lake.api.LakeStaging;
import dev.trinomesh.catalog.lake.api.StagedTable;
import dev.trinomesh.catalog.lake.gate.ContractViolationException;
import io.airlift.log.Logger;
import jakarta.inject.Inject;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.Transactions;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Staged writes as shadow tables of the lake catalog. A shadow is registered on its target's current metadata file, so
 * it starts with the target's data without copying any, and writes to it (Trino's, through the REST catalog) add
 * snapshots that only the shadow has. Publishing moves each target's pointer to its shadow's metadata, or re-applies
 * the shadow's appends on a target that moved meanwhile, for all targets in one transaction.
 */
public class StagedWrites
        implements LakeStaging
{
    private static final Logger log = Logger.get(StagedWrites.class);

    private final LakeCatalog catalog;
    private final MetadataCache metadataCache;

    @Inject
    public StagedWrites(LakeCatalog catalog, MetadataCache metadataCache)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.metadataCache = requireNonNull(metadataCache, "metadataCache is null");
    }

    @Override
    public StagedTable stage(TableIdentifier target, long stage)
    {
        TableIdentifier shadow = TableIdentifier.of(target.namespace(), StagedTableName.of(target.name(), stage));
        if (catalog.tableExists(shadow)) {
            // Left by an attempt that did not finish: staging starts again from the target as it is now.
            discard(new StagedTable(target, shadow, Optional.empty()));
        }
        if (!catalog.namespaceExists(target.namespace())) {
            // The stage's owner (a pipeline of the product owning the namespace) builds its first tables.
            try {
                catalog.createNamespace(target.namespace());
            }
            catch (AlreadyExistsException e) {
                // made meanwhile: as good
            }
        }
        TableMetadata current = catalog.operations(target).refresh();
        if (current == null) {
            // The run creates the table: its CREATE TABLE AS makes the shadow.
            return new StagedTable(target, shadow, Optional.empty());
        }
        catalog.registerTable(shadow, current.metadataFileLocation());
        return new StagedTable(target, shadow, Optional.of(current.metadataFileLocation()));
    }

    @Override
    public boolean hasChanges(StagedTable table)
    {
        TableMetadata shadow = catalog.operations(table.shadow()).refresh();
        if (shadow == null) {
            return false;
        }
        if (table.baseMetadata().isEmpty()) {
            return true;
        }
        TableMetadata base = read(table.baseMetadata().orElseThrow());
        return !NewSnapshots.of(base, shadow).isEmpty()
                || !Objects.equals(currentSnapshotId(base), currentSnapshotId(shadow))
                || base.currentSchemaId() != shadow.currentSchemaId()
                || base.defaultSpecId() != shadow.defaultSpecId();
    }

    @Override
    public Optional<List<String>> appendedFiles(StagedTable table)
    {
        return appendedDataFiles(table).map(files -> files.stream().map(DataFile::location).toList());
    }

    private Optional<List<DataFile>> appendedDataFiles(StagedTable table)
    {
        TableMetadata shadow = catalog.operations(table.shadow()).refresh();
        if (shadow == null) {
            return Optional.of(List.of());
        }
        if (table.baseMetadata().isEmpty()) {
            return Optional.empty();
        }
        TableMetadata base = read(table.baseMetadata().orElseThrow());
        if (base.currentSchemaId() != shadow.currentSchemaId() || base.defaultSpecId() != shadow.defaultSpecId()) {
            return Optional.empty();
        }
        List<Snapshot> added = NewSnapshots.of(base, shadow);
        // Only a straight line of appends on the base's current snapshot can be told as "these files are new".
        Long parent = currentSnapshotId(base);
        List<DataFile> files = new ArrayList<>();
        for (Snapshot snapshot : added) {
            if (!DataOperations.APPEND.equals(snapshot.operation()) || !Objects.equals(snapshot.parentId(), parent)) {
                return Optional.empty();
            }
            snapshot.addedDataFiles(catalog.io()).forEach(files::add);
            parent = snapshot.snapshotId();
        }
        if (!Objects.equals(parent, currentSnapshotId(shadow))) {
            return Optional.empty();
        }
        return Optional.of(files);
    }

    @Override
    public List<TableIdentifier> publish(List<StagedTable> tables)
    {
        List<PreparedCommit> commits = new ArrayList<>();
        List<StagedTable> published = new ArrayList<>();
        for (StagedTable table : tables) {
            if (!hasChanges(table)) {
                continue;
            }
            LakeTableOperations target = catalog.operations(table.target());
            TableMetadata current = target.refresh();
            TableMetadata shadow = catalog.operations(table.shadow()).refresh();
            TableMetadata next;
            if (table.baseMetadata().isEmpty()) {
                if (current != null) {
                    throw new PublishRefusedException("%s was created by someone else while the run staged it as a new table; nothing was published: run it again".formatted(table.target()));
                }
                next = shadow;
            }
            else if (current == null) {
                throw new PublishRefusedException("%s was dropped while the run staged writes to it; nothing was published".formatted(table.target()));
            }
            else if (current.metadataFileLocation().equals(table.baseMetadata().orElseThrow())) {
                next = shadow;
            }
            else {
                List<DataFile> files = appendedDataFiles(table).orElseThrow(() -> new PublishRefusedException(
                        "%s changed since the run began (it is now at snapshot %s), and the run did more than append to it (an overwrite, a delete, a merge or a new schema), which cannot be re-applied on top of someone else's changes; nothing was published: run it again"
                                .formatted(table.target(), currentSnapshotId(current))));
                next = appended(target, current, files);
            }
            try {
                target.check(current, next);
            }
            catch (ContractViolationException e) {
                throw new PublishRefusedException("the run's writes to %s break its contract: %s".formatted(table.target(), e.getMessage()), e);
            }
            commits.add(new PreparedCommit(target, current, next));
            published.add(table);
        }
        try {
            catalog.commitPrepared(commits);
        }
        catch (CommitFailedException e) {
            throw new PublishRefusedException("another commit reached one of the run's tables while it was being published; nothing was published: " + e.getMessage(), e);
        }
        for (StagedTable table : published) {
            // Its files are the target's now: only the catalog's row goes.
            dropShadow(table.shadow());
        }
        tables.stream().filter(table -> !published.contains(table)).forEach(this::discard);
        return published.stream().map(StagedTable::target).toList();
    }

    /** {@code current} with {@code files} appended in one new snapshot, as metadata not yet committed. */
    private TableMetadata appended(LakeTableOperations target, TableMetadata current, List<DataFile> files)
    {
        Capture capture = new Capture(target, current);
        Transaction transaction = Transactions.newTransaction(target.identifier().toString(), capture);
        AppendFiles append = transaction.newAppend();
        files.forEach(append::appendFile);
        append.commit();
        transaction.commitTransaction();
        return requireNonNull(capture.committed, "the append was not committed");
    }

    @Override
    public boolean isPublished(StagedTable table)
    {
        TableMetadata shadow = catalog.operations(table.shadow()).refresh();
        if (shadow == null) {
            return true;
        }
        TableMetadata target = catalog.operations(table.target()).refresh();
        Long head = currentSnapshotId(shadow);
        return target != null && head != null && target.snapshot(head) != null && !Objects.equals(table.baseMetadata().map(this::read).map(StagedWrites::currentSnapshotId).orElse(null), head);
    }

    @Override
    public void discard(StagedTable table)
    {
        TableMetadata shadow;
        try {
            shadow = catalog.operations(table.shadow()).refresh();
        }
        catch (NoSuchTableException e) {
            return;
        }
        if (shadow == null) {
            return;
        }
        TableMetadata target = catalog.operations(table.target()).refresh();
        boolean targetMoved = table.baseMetadata().isEmpty() ? target != null : target == null || !target.metadataFileLocation().equals(table.baseMetadata().orElseThrow());
        if (targetMoved || isPublished(table)) {
            // The staged files may be the target's now (published, or appended on top of a moved target): only the row goes.
            dropShadow(table.shadow());
            return;
        }
        // Files the staged writes added are the shadow's alone: the target never referenced them.
        TableMetadata base = table.baseMetadata().map(this::read).orElse(null);
        FileIO io = catalog.io();
        for (Snapshot snapshot : NewSnapshots.of(base, shadow)) {
            for (DataFile file : snapshot.addedDataFiles(io)) {
                try {
                    io.deleteFile(file.location());
                }
                catch (RuntimeException e) {
                    log.warn(e, "could not delete %s, written by the discarded staged writes of %s", file.location(), table.shadow());
                }
            }
        }
        dropShadow(table.shadow());
    }

    private void dropShadow(TableIdentifier shadow)
    {
        try {
            catalog.dropTable(shadow, false);
        }
        catch (RuntimeException e) {
            log.warn(e, "could not drop shadow table %s", shadow);
        }
    }

    private TableMetadata read(String location)
    {
        return metadataCache.read(catalog.io(), location);
    }

    private static Long currentSnapshotId(TableMetadata metadata)
    {
        return metadata.currentSnapshot() == null ? null : metadata.currentSnapshot().snapshotId();
    }

    /** Table operations that keep a transaction's result instead of committing it. */
    private static final class Capture
            implements TableOperations
    {
        private final LakeTableOperations target;
        private final TableMetadata current;
        private TableMetadata committed;

        Capture(LakeTableOperations target, TableMetadata current)
        {
            this.target = target;
            this.current = current;
        }

        @Override
        public TableMetadata current()
        {
            return current;
        }

        @Override
        public TableMetadata refresh()
        {
            return current;
        }

        @Override
        public void commit(TableMetadata base, TableMetadata metadata)
        {
            committed = metadata;
        }

        @Override
        public FileIO io()
        {
            return target.io();
        }

        @Override
        public EncryptionManager encryption()
        {
            return target.encryption();
        }

        @Override
        public String metadataFileLocation(String fileName)
        {
            return target.metadataFileLocation(fileName);
        }

        @Override
        public LocationProvider locationProvider()
        {
            return target.locationProvider();
        }
    }
}
