package dev.trinomesh.catalog.data.read;

import dev.trinomesh.catalog.core.ServiceException;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Trino's refusals as the data API answers them, with Trino's own words: access denied is 403, a dataset stopped by
 * its circuit breaker 503 (the breaker's reason names the failed check), a retired table 410, Trino out of reach or
 * too slow 503. The queries are built from checked parts only, so anything else is Trino's trouble, not the request's (503).
 */
final class TrinoFailures
{
    private static final int PERMISSION_DENIED = 4;
    /** The mesh connector's MESH_DATASET_RETIRED. */
    private static final int DATASET_RETIRED = 0x0A4E_0002;
    private static final Pattern QUERY_PREFIX = Pattern.compile("^Query failed \\(#[^)]*\\):\\s*");
    /** How the mesh connector's circuit breaker explains a blocked dataset (see its CircuitBreaker). */
    private static final Pattern BLOCKED = Pattern.compile("Dataset \\S+ is blocked: ");

    /** Iceberg's words for a snapshot a table no longer has (the pinned table's view fails to analyse). */
    private static final Pattern SNAPSHOT_GONE = Pattern.compile("Iceberg snapshot ID does not exist");

    private TrinoFailures() {}

    static ServiceException explain(SQLException e, String table)
    {
        String message = QUERY_PREFIX.matcher(Optional.ofNullable(e.getMessage()).orElse(e.toString())).replaceFirst("");
        if (e.getErrorCode() == PERMISSION_DENIED) {
            return ServiceException.forbidden("Trino refused to read %s for you: %s".formatted(table, message));
        }
        if (BLOCKED.matcher(message).find()) {
            return ServiceException.unavailable(message);
        }
        if (e.getErrorCode() == DATASET_RETIRED) {
            return ServiceException.gone(message);
        }
        if (SNAPSHOT_GONE.matcher(message).find()) {
            // The read checks its snapshot first; this is one expired between that check and the query.
            return ServiceException.gone("the lake snapshot this read is pinned to has expired; start the read again without a cursor (%s)".formatted(message));
        }
        if (e instanceof SQLTimeoutException || message.contains("Query exceeded")) {
            return ServiceException.unavailable("reading %s took longer than this service allows a request (data.page.timeout or data.stream.timeout): %s; ask for fewer rows or narrower filters".formatted(table, message));
        }
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            return ServiceException.unavailable("the catalog service could not reach Trino to read %s: %s".formatted(table, message));
        }
        return ServiceException.unavailable("Trino could not read %s: %s".formatted(table, message));
    }
}
