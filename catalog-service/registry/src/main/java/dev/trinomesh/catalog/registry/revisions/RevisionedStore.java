package dev.trinomesh.catalog.registry.revisions;

import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.model.RevisionedRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * SQL of one kind of revisioned descriptor, kept in two tables: {@code table} holds each name's current revision and
 * the columns it is looked up by, {@code revisionsTable} every revision, keyed by a column named after the kind.
 * Every method runs on the caller's transaction.
 */
public final class RevisionedStore<D, R extends RevisionedRecord<D>>
{
    private final String kind;
    private final String table;
    private final Class<D> descriptorType;
    private final RecordFactory<D, R> records;
    private final List<Column<D>> columns;
    private final String selectCurrent;
    private final String selectRevisions;
    private final String insertCurrent;
    private final String updateCurrent;
    private final String insertRevision;

    /**
     * {@code kind} names the revisions' key column and the descriptor in messages ({@code policy}); {@code columns}
     * are those of {@code table} besides the ones every kind has, each with the value it takes from the descriptor.
     */
    public RevisionedStore(String kind, String table, String revisionsTable, Class<D> descriptorType, RecordFactory<D, R> records, List<Column<D>> columns)
    {
        this.kind = requireNonNull(kind, "kind is null");
        this.table = requireNonNull(table, "table is null");
        requireNonNull(revisionsTable, "revisionsTable is null");
        this.descriptorType = requireNonNull(descriptorType, "descriptorType is null");
        this.records = requireNonNull(records, "records is null");
        this.columns = List.copyOf(columns);
        selectCurrent = "SELECT p.name, p.revision, r.active, r.created_at, r.author, r.descriptor FROM %s p JOIN %s r ON r.%s = p.name AND r.revision = p.revision"
                .formatted(table, revisionsTable, kind);
        selectRevisions = "SELECT r.%s AS name, r.revision, r.active, r.created_at, r.author, r.descriptor FROM %s r WHERE r.%s = :name"
                .formatted(kind, revisionsTable, kind);
        insertCurrent = "INSERT INTO %s (name, %srevision, active, created_at, updated_at, updated_by) VALUES (:name, %s1, :active, :now, :now, :author)"
                .formatted(table, eachColumn("%s, "), eachColumn(":%s, "));
        updateCurrent = "UPDATE %s SET %srevision = :revision, active = :active, updated_at = :now, updated_by = :author WHERE name = :name AND revision = :previous"
                .formatted(table, eachColumn("%1$s = :%1$s, "));
        insertRevision = "INSERT INTO %s (%s, revision, active, descriptor, author, created_at, registry_revision) VALUES (:name, :revision, :active, :descriptor, :author, :now, :registryRevision)"
                .formatted(revisionsTable, kind);
    }

    /** A column of the current revisions' table, with the value it takes from a descriptor (null for SQL NULL). */
    public record Column<D>(String name, Function<D, String> value)
    {
        public Column
        {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    public Optional<R> find(Handle handle, String name, boolean forUpdate)
    {
        return handle.createQuery(selectCurrent + " WHERE p.name = :name" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("name", name)
                .map((rs, _) -> record(rs))
                .findOne();
    }

    public Optional<R> findRevision(Handle handle, String name, int revision)
    {
        return handle.createQuery(selectRevisions + " AND r.revision = :revision")
                .bind("name", name)
                .bind("revision", revision)
                .map((rs, _) -> record(rs))
                .findOne();
    }

    /** Every revision of {@code name}, oldest first. */
    public List<R> revisions(Handle handle, String name)
    {
        return handle.createQuery(selectRevisions + " ORDER BY r.revision")
                .bind("name", name)
                .map((rs, _) -> record(rs))
                .list();
    }

    /** Every name at its current revision, by name: active ones only when {@code activeOnly}. */
    public List<R> list(Handle handle, boolean activeOnly)
    {
        return list(handle, activeOnly, Map.of());
    }

    /** Every name at its current revision, by name: active ones only when {@code activeOnly}, and only those whose columns hold these values. */
    public List<R> list(Handle handle, boolean activeOnly, Map<String, String> columnValues)
    {
        List<String> conditions = new ArrayList<>();
        if (activeOnly) {
            conditions.add("p.active");
        }
        for (String column : columnValues.keySet()) {
            checkArgument(columns.stream().anyMatch(declared -> declared.name().equals(column)), "%s is not a column of %s", column, table);
            conditions.add("p.%1$s = :%1$s".formatted(column));
        }
        Query query = handle.createQuery(selectCurrent + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + " ORDER BY p.name");
        columnValues.forEach(query::bind);
        return query.map((rs, _) -> record(rs)).list();
    }

    /** Writes {@code record} as the next revision of its name, which the first one creates. */
    public void write(Handle handle, R record, long registryRevision)
    {
        Timestamp time = Timestamp.from(record.updatedAt());
        if (record.revision() == 1) {
            bindColumns(handle.createUpdate(insertCurrent), record.descriptor())
                    .bind("name", record.name())
                    .bind("active", record.active())
                    .bind("now", time)
                    .bind("author", record.updatedBy())
                    .execute();
        }
        else {
            int updated = bindColumns(handle.createUpdate(updateCurrent), record.descriptor())
                    .bind("name", record.name())
                    .bind("revision", record.revision())
                    .bind("previous", record.revision() - 1)
                    .bind("active", record.active())
                    .bind("now", time)
                    .bind("author", record.updatedBy())
                    .execute();
            if (updated != 1) {
                throw new IllegalStateException("%s '%s' moved past revision %s during the write".formatted(kind, record.name(), record.revision() - 1));
            }
        }
        handle.createUpdate(insertRevision)
                .bind("name", record.name())
                .bind("revision", record.revision())
                .bind("active", record.active())
                .bind("descriptor", DescriptorDocuments.toJson(record.descriptor()))
                .bind("author", record.updatedBy())
                .bind("now", time)
                .bind("registryRevision", registryRevision)
                .execute();
    }

    private String eachColumn(String format)
    {
        return columns.stream().map(column -> format.formatted(column.name())).collect(joining());
    }

    private Update bindColumns(Update update, D descriptor)
    {
        for (Column<D> column : columns) {
            update.bind(column.name(), column.value().apply(descriptor));
        }
        return update;
    }

    private R record(ResultSet rs)
            throws SQLException
    {
        return records.record(
                rs.getString("name"),
                rs.getInt("revision"),
                rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("author"),
                DescriptorDocuments.fromJson(rs.getString("descriptor"), descriptorType));
    }
}
