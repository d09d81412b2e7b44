package dev.trinomesh.catalog.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.trinomesh.api.model.ApiError;
import dev.trinomesh.api.model.Violation;

import java.util.List;
import java.util.stream.Collectors;

/** A JSON request body that cannot be read, told as a 400 naming where and why, rather than a 500. */
final class BodyErrors
{
    private BodyErrors() {}

    static ApiError of(Throwable cause)
    {
        return switch (cause) {
            case JsonParseException parse -> new ApiError(400, "BadRequest", "the request body is not valid JSON%s: %s".formatted(at(parse.getLocation()), parse.getOriginalMessage()), List.of());
            case JsonMappingException mapping -> new ApiError(400, "BadRequest", "the request body does not have the expected fields and types", List.of(
                    new Violation(path(mapping), null, reason(mapping))));
            case JsonProcessingException other -> new ApiError(400, "BadRequest", "the request body cannot be read: " + other.getOriginalMessage(), List.of());
            default -> new ApiError(400, "BadRequest", "the request body cannot be read", List.of());
        };
    }

    private static String reason(JsonMappingException mapping)
    {
        // A record's constructor refusing a value (a required field missing) says why in its own exception.
        if (mapping instanceof ValueInstantiationException && mapping.getCause() != null && mapping.getCause().getMessage() != null) {
            return mapping.getCause().getMessage();
        }
        return mapping.getOriginalMessage();
    }

    private static String path(JsonMappingException mapping)
    {
        return mapping.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[%s]".formatted(reference.getIndex()))
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String at(JsonLocation location)
    {
        return location == null || location.getLineNr() < 1 ? "" : " at line %s, column %s".formatted(location.getLineNr(), location.getColumnNr());
    }
}
