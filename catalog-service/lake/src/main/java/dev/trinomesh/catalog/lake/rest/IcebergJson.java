package dev.trinomesh.catalog.lake.rest;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.RESTSerializers;

/** JSON exactly as Iceberg's REST protocol writes it (Iceberg's serializers, kebab-case fields). */
final class IcebergJson
{
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());

    static {
        RESTSerializers.registerAll(MAPPER);
    }

    private IcebergJson() {}

    static <T> T read(String json, Class<T> type)
    {
        if (json == null || json.isBlank()) {
            throw new BadRequestException("missing request body: expected a %s", type.getSimpleName());
        }
        try {
            return MAPPER.readValue(json, type);
        }
        catch (JsonProcessingException e) {
            throw new BadRequestException("malformed %s: %s", type.getSimpleName(), e.getOriginalMessage());
        }
    }

    static String write(Object value)
    {
        try {
            return MAPPER.writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
