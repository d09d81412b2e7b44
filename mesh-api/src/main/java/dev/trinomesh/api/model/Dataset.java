package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A dataset of a product: a table in the product's schema, defined by its source and its contracted
 * columns. {@code quality} holds the declared checks as written (they are run by the quality service).
 * {@code owner} is who answers for this dataset when not the product's owner; with a {@code metric}
 * block the dataset is a business metric (see {@link Metric}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "description", "owner", "metric", "source", "columns", "freshness", "quality"})
public record Dataset(
        String name,
        String description,
        String owner,
        Metric metric,
        DatasetSource source,
        List<Column> columns,
        Freshness freshness,
        List<Map<String, Object>> quality)
{
    public Dataset
    {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        columns = columns == null ? List.of() : List.copyOf(columns);
        quality = quality == null ? List.of() : List.copyOf(quality);
    }

    /** A dataset without an owner of its own that is no metric. */
    public Dataset(String name, String description, DatasetSource source, List<Column> columns, Freshness freshness, List<Map<String, Object>> quality)
    {
        this(name, description, null, null, source, columns, freshness, quality);
    }

    /** Its own owner, or else {@code productOwner}: the owner of the product it belongs to. */
    public String effectiveOwner(String productOwner)
    {
        return owner == null ? productOwner : owner;
    }

    /** Not {@code isMetric}: Jackson would take an {@code is} getter for the {@code metric} property and write a boolean. */
    public boolean hasMetric()
    {
        return metric != null;
    }
}
