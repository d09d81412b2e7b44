package dev.trinomesh.connector;

import dev.trinomesh.api.quality.DatasetQuality;
import dev.trinomesh.connector.catalog.DatasetView;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import jakarta.inject.Inject;

import static dev.trinomesh.connector.MeshErrorCode.MESH_DATASET_BLOCKED;
import static dev.trinomesh.connector.MeshSessionProperties.READ_FAILING;
import static java.util.Objects.requireNonNull;

/**
 * A dataset's circuit breaker: while one of its blocking quality checks fails (the catalog service names
 * it as {@code blockedBy} in the snapshot), a query that reads the dataset fails, saying which check
 * failed, when, what it measured, how to read anyway and where the results are; unless the session sets
 * {@code read_failing}. Listing the dataset (its columns, comment, definition) is never blocked.
 */
public class CircuitBreaker
{
    private final String catalogName;

    @Inject
    public CircuitBreaker(MeshCatalogName catalogName)
    {
        this.catalogName = requireNonNull(catalogName, "catalogName is null").value();
    }

    /** Fails when the dataset is blocked, the session does not read failing datasets, and Trino is not just listing it. */
    public void check(ConnectorSession session, DatasetView dataset)
    {
        if (dataset.blocked().isEmpty() || MeshSessionProperties.isReadFailing(session) || TrinoListing.inProgress()) {
            return;
        }
        throw blocked(dataset, dataset.blocked().get());
    }

    private TrinoException blocked(DatasetView dataset, DatasetQuality quality)
    {
        String product = dataset.name().getSchemaName();
        String name = dataset.name().getTableName();
        String when = quality.checkedAt() == null ? "" : " when checked at " + quality.checkedAt();
        String measured = quality.blockedMessage() == null || quality.blockedMessage().isBlank()
                ? "the catalog service gave no details"
                : quality.blockedMessage().strip().replaceAll("\\.$", "");
        return new TrinoException(MESH_DATASET_BLOCKED, ("Dataset %s.%s.%s is blocked: its blocking quality check '%s' failed%s: %s. " +
                "To read it anyway: SET SESSION %s.%s = true. The checks' results: SELECT * FROM %s.metadata.quality_results WHERE product = %s AND dataset = %s")
                .formatted(catalogName, product, name, quality.blockedBy(), when, measured,
                        catalogName, READ_FAILING, catalogName, literal(product), literal(name)));
    }

    private static String literal(String value)
    {
        return "'" + value.replace("'", "''") + "'";
    }
}
