package dev.trinomesh.connector.catalog;

import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.quality.DatasetQuality;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.SchemaTableName;

import java.util.Optional;

import static dev.trinomesh.connector.MeshErrorCode.MESH_DATASET_INVALID;
import static java.util.Objects.requireNonNull;

/**
 * A dataset as the engine sees it: a definer view, or the reason its contract could not be made
 * into one (reported when the dataset is queried, so that one bad dataset never hides the others);
 * and its health after its latest quality checks, when it has been checked.
 */
public record DatasetView(SchemaTableName name, Dataset dataset, Optional<ConnectorViewDefinition> definition, Optional<String> problem, Optional<DatasetQuality> quality)
{
    public DatasetView
    {
        requireNonNull(name, "name is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(quality, "quality is null");
        if (definition.isPresent() == problem.isPresent()) {
            throw new IllegalArgumentException("a dataset view has either a definition or a problem");
        }
    }

    /** The quality check that opened this dataset's circuit breaker, if one did. */
    public Optional<DatasetQuality> blocked()
    {
        return quality.filter(DatasetQuality::blocked);
    }

    public ConnectorViewDefinition requireDefinition()
    {
        return definition.orElseThrow(() -> new TrinoException(MESH_DATASET_INVALID, "Dataset %s cannot be queried: %s".formatted(name, problem.orElseThrow())));
    }
}
