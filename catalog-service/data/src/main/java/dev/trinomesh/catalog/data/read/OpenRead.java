package dev.trinomesh.catalog.data.read;

import dev.trinomesh.catalog.data.cursor.Cursor;
import dev.trinomesh.catalog.data.cursor.CursorCodec;
import dev.trinomesh.catalog.data.format.PageEnd;
import dev.trinomesh.catalog.data.format.PageHeader;
import dev.trinomesh.catalog.data.format.ResultColumn;
import dev.trinomesh.catalog.data.format.RowWriter;
import dev.trinomesh.catalog.data.format.Values;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * A read whose query runs in Trino: its rows are written as Trino returns them, up to the page's rows or the
 * response's bytes, and then the cursor of the next page is made from the last row written. Closing it ends the query
 * (cancelled in Trino if rows are left) and gives back the connection and the caller's slot; a client that goes away
 * mid-response makes the write fail, which closes it.
 */
public final class OpenRead
        implements AutoCloseable
{
    private final ServedTable table;
    private final PageHeader header;
    private final RowReader reader;
    private final PageSql page;
    private final Cursor start;
    private final long limit;
    private final boolean bounded;
    private final CursorCodec cursors;
    private final long cursorLifetimeSeconds;
    private final RunningQuery query;
    private final ResultSet results;
    private boolean hasRow;

    OpenRead(ServedTable table, PageHeader header, List<ResultColumn> selected, PageSql page, Cursor start, long limit, boolean bounded, CursorCodec cursors,
            long cursorLifetimeSeconds, RunningQuery query, boolean hasRow)
    {
        this.table = requireNonNull(table, "table is null");
        this.header = requireNonNull(header, "header is null");
        this.reader = new RowReader(selected);
        this.page = requireNonNull(page, "page is null");
        this.start = requireNonNull(start, "start is null");
        this.limit = limit;
        this.bounded = bounded;
        this.cursors = requireNonNull(cursors, "cursors is null");
        this.cursorLifetimeSeconds = cursorLifetimeSeconds;
        this.query = requireNonNull(query, "query is null");
        this.results = query.results();
        this.hasRow = hasRow;
    }

    public ServedTable table()
    {
        return table;
    }

    public PageHeader header()
    {
        return header;
    }

    /**
     * Writes the page's rows to {@code writer} and ends it. Stops early, at a row boundary, once {@code bytesWritten}
     * reports {@code maxBytes} or more; the end then says the page was truncated and gives the next page's cursor.
     *
     * @throws IOException when the client is gone (the query is then cancelled by {@link #close})
     * @throws SQLException when Trino fails the query after its first row
     */
    public PageEnd writeTo(RowWriter writer, LongSupplier bytesWritten, long maxBytes)
            throws IOException, SQLException
    {
        long rows = 0;
        Object[] last = null;
        String reason = null;
        try {
            while (hasRow) {
                if (rows == limit) {
                    reason = "the page has its %s rows (limit); the next cursor reads on".formatted(limit);
                    if (bounded) {
                        // The query's LIMIT was one row more, which is read: reading on to its end lets Trino finish
                        // it, where closing it now would cancel it (lineage would record as failed a read that was not).
                        results.next();
                    }
                    break;
                }
                if (bytesWritten.getAsLong() >= maxBytes) {
                    reason = "the response reached %s bytes (data.max-response-size); the next cursor reads on".formatted(maxBytes);
                    break;
                }
                last = reader.read(results);
                writer.row(last);
                rows++;
                hasRow = results.next();
            }
        }
        catch (IOException | SQLException | RuntimeException e) {
            query.failed();
            throw e;
        }
        PageEnd end = hasRow ? new PageEnd(rows, true, next(last, rows), reason) : PageEnd.complete(rows);
        writer.end(end);
        return end;
    }

    private String next(Object[] last, long rows)
    {
        if (last == null) {
            // Cut before its first row: the next page starts where this one did.
            return cursors.encode(new Cursor(start.user(), start.product(), start.major(), start.dataset(), start.snapshot(), start.query(),
                    start.after(), start.offset(), cursors.now() + cursorLifetimeSeconds));
        }
        List<String> after = null;
        if (page.keyset()) {
            after = new ArrayList<>();
            for (int index : page.keyIndexes()) {
                after.add(Values.text(last[index]));
            }
        }
        Cursor next = new Cursor(start.user(), start.product(), start.major(), start.dataset(), start.snapshot(), start.query(),
                after, page.keyset() ? 0 : start.offset() + rows, cursors.now() + cursorLifetimeSeconds);
        return cursors.encode(next);
    }

    /** Whether the read stopped before its query's end: closing it then cancels the query in Trino. */
    public boolean unfinished()
    {
        return hasRow;
    }

    @Override
    public void close()
    {
        query.close();
    }
}
