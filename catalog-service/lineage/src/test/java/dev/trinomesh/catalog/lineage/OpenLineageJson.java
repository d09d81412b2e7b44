package dev.trinomesh.catalog.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinomesh.api.model.ApiError;
import io.airlift.json.ObjectMapperProvider;

/** JSON as the tests send and read it, with the mapper the service uses. */
public final class OpenLineageJson
{
    private static final ObjectMapper MAPPER = new ObjectMapperProvider().get();

    private OpenLineageJson() {}

    public static String toJson(Object value)
    {
        try {
            return MAPPER.writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static ApiError apiError(String body)
    {
        try {
            return MAPPER.readValue(body, ApiError.class);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an ApiError: " + body, e);
        }
    }
}
