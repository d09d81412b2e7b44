package dev.trinomesh.connector.discovery;

import dev.trinomesh.connector.catalog.MeshCatalog;
import dev.trinomesh.connector.catalog.MeshCatalogCache;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.InMemoryRecordSet;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A read-only table in the mesh catalog's {@code metadata} schema, computed on the coordinator when it
 * is scanned: from the cached catalog, or from the catalog service for what the cache does not hold.
 */
final class DiscoveryTable<R>
        implements SystemTable
{
    private final ConnectorTableMetadata metadata;
    private final List<Field<R>> fields;
    private final BiFunction<ConnectorSession, TupleDomain<Integer>, Stream<R>> rows;

    /** A table of rows computed from the cached catalog. */
    static <R> DiscoveryTable<R> fromCatalog(String name, String comment, List<Field<R>> fields, Function<MeshCatalog, Stream<R>> rows, MeshCatalogCache cache)
    {
        return new DiscoveryTable<>(name, comment, fields, _ -> rows.apply(cache.current()));
    }

    /** A table whose rows are fetched at scan time; the function may use the scan's constraint to fetch less. */
    DiscoveryTable(String name, String comment, List<Field<R>> fields, Function<TupleDomain<Integer>, Stream<R>> rows)
    {
        this(name, comment, fields, (BiFunction<ConnectorSession, TupleDomain<Integer>, Stream<R>>) (_, constraint) -> rows.apply(constraint));
    }

    /**
     * A table whose rows are fetched at scan time for the query's user ({@link ConnectorSession#getUser()}), for what the
     * service filters per person rather than Trino's access control.
     */
    static <R> DiscoveryTable<R> forSessionUser(String name, String comment, List<Field<R>> fields, BiFunction<String, TupleDomain<Integer>, Stream<R>> rows)
    {
        return new DiscoveryTable<>(name, comment, fields, (BiFunction<ConnectorSession, TupleDomain<Integer>, Stream<R>>) (session, constraint) -> rows.apply(session.getUser(), constraint));
    }

    private DiscoveryTable(String name, String comment, List<Field<R>> fields, BiFunction<ConnectorSession, TupleDomain<Integer>, Stream<R>> rows)
    {
        this.fields = List.copyOf(fields);
        this.rows = requireNonNull(rows, "rows is null");
        this.metadata = new ConnectorTableMetadata(
                new SchemaTableName(DiscoveryTables.SCHEMA, name),
                fields.stream()
                        .map(field -> ColumnMetadata.builder().setName(field.name()).setType(field.type()).setComment(Optional.of(field.comment())).build())
                        .toList(),
                java.util.Map.of(),
                Optional.of(comment));
    }

    @Override
    public Distribution getDistribution()
    {
        return Distribution.SINGLE_COORDINATOR;
    }

    @Override
    public ConnectorTableMetadata getTableMetadata()
    {
        return metadata;
    }

    @Override
    public RecordCursor cursor(ConnectorTransactionHandle transaction, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        InMemoryRecordSet.Builder table = InMemoryRecordSet.builder(metadata);
        rows.apply(session, constraint).forEach(row -> table.addRow(fields.stream().map(field -> field.value().apply(row)).toArray()));
        return table.build().cursor();
    }
}
