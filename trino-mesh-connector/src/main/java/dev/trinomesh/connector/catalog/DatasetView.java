package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.model.ChangedRows;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetSql;
import dev.trinomesh.api.model.PinnedSnapshot;
import dev.trinomesh.api.quality.DatasetQuality;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.SchemaTableName;

import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.trinomesh.connector.MeshErrorCode.MESH_DATASET_INVALID;
import static dev.trinomesh.connector.MeshErrorCode.MESH_DATASET_NOT_PINNABLE;
import static java.util.Objects.requireNonNull;

/**
 * A table of a product's schema as the engine sees it, a dataset or a variant of one (a previous major's
 * dataset, a release), or one of those pinned at a snapshot: a definer view, or the reason its contract could
 * not be made into one (reported when the table is queried, so that one bad dataset never hides the others);
 * its health after its latest quality checks, when it has been checked; the deprecation notice its readers get
 * as a query warning, when it is deprecated; the last day it is served, for a previous major's dataset; and the
 * Iceberg snapshot it reads, for a release or a pinned table.
 */
public record DatasetView(
        SchemaTableName name,
        Dataset dataset,
        Optional<ConnectorViewDefinition> definition,
        Optional<String> problem,
        Optional<DatasetQuality> quality,
        Optional<String> deprecation,
        Optional<LocalDate> servedUntil,
        OptionalLong snapshot)
{
    public DatasetView
    {
        requireNonNull(name, "name is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(quality, "quality is null");
        requireNonNull(deprecation, "deprecation is null");
        requireNonNull(servedUntil, "servedUntil is null");
        requireNonNull(snapshot, "snapshot is null");
        if (definition.isPresent() == problem.isPresent()) {
            throw new IllegalArgumentException("a dataset view has either a definition or a problem");
        }
    }

    /**
     * The query of a table's view: the dataset's, reading its source table at {@code snapshot} when one is given, and
     * filtered by the deprecation notice's function of {@code table} when it is deprecated ({@link DeprecationNotices}).
     */
    static String query(String catalog, SchemaTableName table, Dataset dataset, OptionalLong snapshot, boolean deprecated)
    {
        return guarded(catalog, table, DatasetSql.select(dataset, snapshot), deprecated);
    }

    private static String guarded(String catalog, SchemaTableName table, String sql, boolean deprecated)
    {
        return deprecated ? DeprecationNotices.guard(catalog, table, sql) : sql;
    }

    /**
     * This table read at Iceberg snapshot {@code snapshotId}, named {@code <table>@snapshot:<id>} ({@link PinnedSnapshot}):
     * the same columns, comment, owner, health (a blocked table stays blocked), deprecation (its readers get the table's
     * warning) and last day served; only its query reads the source table at the snapshot. A table whose source is a SQL query has no
     * snapshots, and a release reads one already: asking for either fails, saying so.
     */
    public DatasetView pinnedAt(long snapshotId)
    {
        SchemaTableName pinned = new SchemaTableName(name.getSchemaName(), PinnedSnapshot.tableName(name.getTableName(), snapshotId));
        if (snapshot.isPresent()) {
            throw new TrinoException(MESH_DATASET_NOT_PINNABLE, "%s cannot be pinned at a snapshot: %s is a release, which always reads snapshot %s; query %s"
                    .formatted(pinned, name, snapshot.orElseThrow(), name));
        }
        if (!dataset.source().hasTable()) {
            throw new TrinoException(MESH_DATASET_NOT_PINNABLE, "%s cannot be pinned at a snapshot: the source of %s is a SQL query, and only a lake table has snapshots; query %s"
                    .formatted(pinned, name, name));
        }
        return new DatasetView(pinned, dataset, definitionReading(DatasetSql.select(dataset, OptionalLong.of(snapshotId))), problem, quality, deprecation, servedUntil,
                OptionalLong.of(snapshotId));
    }

    /**
     * This table restricted to the rows its source table gained after snapshot {@code from} up to snapshot {@code to},
     * named {@code <table>@changes:<from>:<to>} ({@link ChangedRows}): like {@link #pinnedAt}, everything but its query,
     * which reads only what those snapshots added. A table whose source is a SQL query, and a release, have no changes.
     */
    public DatasetView changesBetween(long from, long to)
    {
        SchemaTableName changed = new SchemaTableName(name.getSchemaName(), ChangedRows.tableName(name.getTableName(), from, to));
        if (snapshot.isPresent() || !dataset.source().hasTable()) {
            throw new TrinoException(MESH_DATASET_NOT_PINNABLE, "%s cannot be read as changes between snapshots: only a dataset or previous major over a lake table has them; query %s"
                    .formatted(changed, name));
        }
        return new DatasetView(changed, dataset, definitionReading(DatasetSql.changes(dataset, from, to)), problem, quality, deprecation, servedUntil, snapshot);
    }

    /** This table's view with {@code sql} as its query, guarded as this table is when it is deprecated; the rest unchanged. */
    private Optional<ConnectorViewDefinition> definitionReading(String sql)
    {
        return definition.map(view -> new ConnectorViewDefinition(
                guarded(view.getCatalog().orElseThrow(), name, sql, deprecation.isPresent()),
                view.getCatalog(),
                view.getSchema(),
                view.getColumns(),
                view.getComment(),
                view.getOwner(),
                view.isRunAsInvoker(),
                view.getPath()));
    }

    /** The quality check that opened this dataset's circuit breaker, if one did. */
    public Optional<DatasetQuality> blocked()
    {
        return quality.filter(DatasetQuality::blocked);
    }

    /** Whether the table is served on {@code today}: a previous major's dataset only until its window ends. */
    public boolean servedOn(LocalDate today)
    {
        return servedUntil.map(until -> !today.isAfter(until)).orElse(true);
    }

    public ConnectorViewDefinition requireDefinition()
    {
        return definition.orElseThrow(() -> new TrinoException(MESH_DATASET_INVALID, "Dataset %s cannot be queried: %s".formatted(name, problem.orElseThrow())));
    }
}
