package dev.trinomesh.connector;

import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.connector.catalog.DatasetView;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorViewDefinition;
import jakarta.inject.Inject;

import static dev.trinomesh.api.policy.SqlLiterals.varchar;
import static dev.trinomesh.connector.MeshSessionProperties.READ_FAILING;
import static java.util.Objects.requireNonNull;

/**
 * A dataset's circuit breaker: while one of its blocking quality checks fails (the catalog service names
 * it as {@code blockedBy} in the snapshot), the dataset's view reads its source through a filter that
 * fails as soon as a row is read, saying which check failed, when, what it measured, how to read anyway
 * and where the results are; unless the session sets {@code read_failing}. The view's columns, comment and
 * owner are the dataset's, so listing and describing it never fail, and Trino's access checks run before
 * the filter does, so only those who may read the dataset learn why it is blocked.
 */
public class CircuitBreaker
{
    private final String catalogName;

    @Inject
    public CircuitBreaker(MeshCatalogName catalogName)
    {
        this.catalogName = requireNonNull(catalogName, "catalogName is null").value();
    }

    /** The dataset's view, or while it is blocked and the session does not read failing datasets, the view that fails when read. */
    public ConnectorViewDefinition guard(ConnectorSession session, DatasetView dataset, ConnectorViewDefinition definition)
    {
        if (dataset.blocked().isEmpty() || MeshSessionProperties.isReadFailing(session)) {
            return definition;
        }
        // fail() is kept out of constant folding by Trino's planner: it raises when the filter meets a row.
        String sql = "SELECT * FROM (\n%s\n) WHERE CAST(fail(%s) AS boolean)".formatted(definition.getOriginalSql(), varchar(message(dataset, dataset.blocked().orElseThrow())));
        return new ConnectorViewDefinition(sql, definition.getCatalog(), definition.getSchema(), definition.getColumns(), definition.getComment(),
                definition.getOwner(), definition.isRunAsInvoker(), definition.getPath());
    }

    /** Names the table read, and the dataset whose checks failed: a previous major's table or a pinned one has no checks of its own. */
    private String message(DatasetView dataset, DatasetQuality quality)
    {
        String product = dataset.name().getSchemaName();
        String name = dataset.name().getTableName();
        String when = quality.checkedAt() == null ? "" : " when checked at " + quality.checkedAt();
        String measured = quality.blockedMessage() == null || quality.blockedMessage().isBlank()
                ? "the catalog service gave no details"
                : quality.blockedMessage().strip().replaceAll("\\.$", "");
        return ("Dataset %s.%s.%s is blocked: its blocking quality check '%s' failed%s: %s. " +
                "To read it anyway: SET SESSION %s.%s = true. The checks' results: SELECT * FROM %s.metadata.quality_results WHERE product = %s AND dataset = %s")
                .formatted(catalogName, product, name, quality.blockedBy(), when, measured,
                        catalogName, READ_FAILING, catalogName, varchar(quality.product()), varchar(quality.dataset()));
    }
}
