package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A contracted column. {@code type} is a Trino SQL type; {@code classification} holds tags such as
 * {@code pii} that governance policies can target (a single value or a list in the descriptor).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "type", "required", "unique", "description", "classification"})
public record Column(
        String name,
        String type,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean unique,
        String description,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> classification)
{
    public Column
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        classification = classification == null ? List.of() : List.copyOf(classification);
    }
}
