package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What makes a dataset a business metric (the semantic layer): its rows are the values of one numeric
 * column, the {@code measure}, by its {@code dimensions} (none for a single-value metric), defined by the
 * dataset's SQL over other datasets. {@code unit} (e.g. {@code USD}) and {@code grain} (the time
 * granularity of its date or timestamp dimension, e.g. {@code month}) are optional.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"measure", "unit", "dimensions", "grain"})
public record Metric(
        String measure,
        String unit,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> dimensions,
        String grain)
{
    /** The grains the validator accepts, finest first. */
    public static final List<String> GRAINS = List.of("hour", "day", "week", "month", "quarter", "year");

    public Metric
    {
        requireNonNull(measure, "measure is null");
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
    }
}
