package dev.trinomesh.catalog.data.read;

import com.google.inject.Inject;
import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.PinnedSnapshot;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.data.DataConfig;
import dev.trinomesh.catalog.data.cursor.Cursor;
import dev.trinomesh.catalog.data.cursor.CursorCodec;
import dev.trinomesh.catalog.data.format.PageHeader;
import dev.trinomesh.catalog.data.format.ResultColumn;
import dev.trinomesh.catalog.data.request.ContractType;
import dev.trinomesh.catalog.data.request.ReadQuery;
import dev.trinomesh.catalog.data.request.RequestParser;
import dev.trinomesh.catalog.lake.api.LakeTables;
import dev.trinomesh.catalog.registry.api.Visibility;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Reads a page of a dataset in Trino as the caller, through a door of the service ({@link Door#API}, {@link Door#MCP}):
 * Trino applies the caller's row filters, masks, consumer rules and the circuit breaker exactly as to their own SQL,
 * and lineage records the read as theirs. A lake-backed dataset is read through its snapshot-pinned table, so every
 * page of a cursor reads the same snapshot. The query runs, and its first row is fetched, before the read is handed
 * back: a refusal is known before any response is written.
 */
public final class DataReads
{
    private final TrinoQueries queries;
    private final ServedTables tables;
    private final Visibility visibility;
    private final LakeTables lake;
    private final CursorCodec cursors;
    private final MaskedColumns maskedColumns;
    private final Limits limits;
    private final String meshCatalog;
    private final long cursorLifetimeSeconds;

    @Inject
    public DataReads(TrinoQueries queries, ServedTables tables, Visibility visibility, LakeTables lake, CursorCodec cursors, MaskedColumns maskedColumns, Limits limits, DataConfig config)
    {
        this.queries = requireNonNull(queries, "queries is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.lake = requireNonNull(lake, "lake is null");
        this.cursors = requireNonNull(cursors, "cursors is null");
        this.maskedColumns = requireNonNull(maskedColumns, "maskedColumns is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.meshCatalog = config.getMeshCatalog();
        this.cursorLifetimeSeconds = (long) config.getCursorLifetime().getValue(SECONDS);
    }

    /** The table a request reads, as the caller may know it (404, 410 and deprecation headers), without reading it. */
    public ServedTable table(String user, String product, int major, String dataset)
    {
        return tables.resolve(visibility.viewer(user), product, major, dataset);
    }

    /**
     * Starts a read: checks the request against the contract, runs its query in Trino as {@code user} and fetches the
     * first row. The caller writes the rows with {@link OpenRead#writeTo} and must close it.
     */
    public OpenRead open(String user, Door door, ReadRequest request, int timeoutSeconds)
    {
        limits.admit(user);
        ServedTable table = table(user, request.product(), request.major(), request.dataset());
        RequestParser parser = new RequestParser(request.dataset(), table.columns());
        ReadQuery query;
        Long snapshot;
        List<String> after = null;
        long offset = 0;
        if (request.cursor().isPresent()) {
            if (!request.parameters().isEmpty()) {
                throw ServiceException.badRequest("a cursor carries its read's fields, filters and order: send only cursor (and limit), not %s"
                        .formatted(String.join(", ", request.parameters().keySet())));
            }
            Cursor cursor = cursors.decode(request.cursor().orElseThrow(), user);
            if (!cursor.product().equals(request.product()) || cursor.major() != request.major() || !cursor.dataset().equals(request.dataset())) {
                throw ServiceException.badRequest("this cursor reads /v1/data/%s/v%s/%s: send it there".formatted(cursor.product(), cursor.major(), cursor.dataset()));
            }
            query = cursor.query();
            snapshot = cursor.snapshot();
            after = cursor.after();
            offset = cursor.offset();
            checkStillExists(table, snapshot);
        }
        else {
            query = parser.parse(request.parameters());
            snapshot = currentSnapshot(table).orElse(null);
        }
        Map<String, ContractType> types = new LinkedHashMap<>();
        for (Column column : table.columns()) {
            types.put(column.name(), ContractType.of(column.type()));
        }
        // A masked unique column cannot position a page (its masked values may repeat): page by offset instead.
        Set<String> masked = maskedColumns.of(user, table);
        List<String> unique = table.uniqueColumns().stream().anyMatch(masked::contains) ? List.of() : table.uniqueColumns();
        PageSql page = new PageSql(query.fields(), query.filters(), query.order(), unique, types);
        List<ResultColumn> selected = page.selected().stream().map(name -> new ResultColumn(name, types.get(name))).toList();
        List<ResultColumn> returned = selected.subList(0, query.fields().size());
        String relation = "%s.%s.%s".formatted(identifier(meshCatalog), identifier(table.product().name()),
                identifier(snapshot == null ? table.table() : PinnedSnapshot.tableName(table.table(), snapshot)));
        // One more row than the page: whether it comes says whether the page is the last.
        OptionalLong bound = request.stream() ? OptionalLong.empty() : OptionalLong.of(request.limit() + 1);
        String sql = page.sql(relation, after, offset, bound);
        PageHeader header = new PageHeader(table.product().name(), request.dataset(), table.version(), snapshot, returned);
        Cursor first = new Cursor(user, request.product(), request.major(), request.dataset(), snapshot, query, after, offset, 0);

        String name = "%s.%s".formatted(table.product().name(), table.table());
        RunningQuery running = queries.start(user, door, sql, timeoutSeconds, name);
        try {
            boolean any = running.results().next();
            return new OpenRead(table, header, selected, page, first, request.limit(), bound.isPresent(), cursors, cursorLifetimeSeconds, running, any);
        }
        catch (SQLException e) {
            running.failed();
            running.close();
            throw TrinoQueries.failure(e, name);
        }
    }

    private Optional<Long> currentSnapshot(ServedTable table)
    {
        return table.lakeTable().flatMap(this::load).map(Table::currentSnapshot).map(Snapshot::snapshotId);
    }

    private void checkStillExists(ServedTable table, Long snapshot)
    {
        if (snapshot == null) {
            return;
        }
        Optional<Table> loaded = table.lakeTable().flatMap(this::load);
        if (loaded.isEmpty() || loaded.orElseThrow().snapshot(snapshot) == null) {
            throw ServiceException.gone("the lake snapshot %s this cursor reads has expired (or its table was replaced); start the read again without a cursor".formatted(snapshot));
        }
    }

    private Optional<Table> load(TableIdentifier identifier)
    {
        try {
            return Optional.of(lake.loadTable(identifier));
        }
        catch (NoSuchTableException e) {
            return Optional.empty();
        }
    }
}
