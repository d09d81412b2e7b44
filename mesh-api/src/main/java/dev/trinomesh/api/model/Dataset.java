package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A dataset of a product: a table in the product's schema, defined by its source and its contracted
 * columns. {@code quality} holds the declared checks as written (they are run by the quality service).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "description", "source", "columns", "freshness", "quality"})
public record Dataset(
        String name,
        String description,
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
}
