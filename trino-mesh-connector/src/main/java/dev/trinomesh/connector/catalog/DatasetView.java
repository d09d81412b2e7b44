package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.quality.DatasetQuality;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.SchemaTableName;

import java.time.LocalDate;
import java.util.Optional;

import static dev.trinomesh.connector.MeshErrorCode.MESH_DATASET_INVALID;
import static java.util.Objects.requireNonNull;

/**
 * A table of a product's schema as the engine sees it, a dataset or a variant of one (a previous major's
 * dataset, a release): a definer view, or the reason its contract could not be made into one (reported
 * when the table is queried, so that one bad dataset never hides the others); its health after its latest
 * quality checks, when it has been checked; the deprecation notice its readers get as a query warning,
 * when it is deprecated; and the last day it is served, for a previous major's dataset.
 */
public record DatasetView(
        SchemaTableName name,
        Dataset dataset,
        Optional<ConnectorViewDefinition> definition,
        Optional<String> problem,
        Optional<DatasetQuality> quality,
        Optional<String> deprecation,
        Optional<LocalDate> servedUntil)
{
    public DatasetView
    {
        requireNonNull(name, "name is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(quality, "quality is null");
        requireNonNull(deprecation, "deprecation is null");
        requireNonNull(servedUntil, "servedUntil is null");
        if (definition.isPresent() == problem.isPresent()) {
            throw new IllegalArgumentException("a dataset view has either a definition or a problem");
        }
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
