package dev.trinomesh.catalog.data.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON Schemas of the tools' arguments, written as the maps the SDK sends: small, so that a model reads them well. */
final class Schemas
{
    private Schemas() {}

    /** An object of {@code properties} (in order), of which {@code required} must be given; no others. */
    static Map<String, Object> object(Map<String, Object> properties, List<String> required)
    {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    static Map<String, Object> string(String description)
    {
        return Map.of("type", "string", "description", description);
    }

    static Map<String, Object> integer(String description, int minimum)
    {
        return Map.of("type", "integer", "minimum", minimum, "description", description);
    }

    static Map<String, Object> integer(String description, int minimum, int maximum)
    {
        return Map.of("type", "integer", "minimum", minimum, "maximum", maximum, "description", description);
    }

    static Map<String, Object> oneOf(String description, List<String> values)
    {
        return Map.of("type", "string", "enum", values, "description", description);
    }

    /** A list of names, or one text of comma-separated names (models write either). */
    static Map<String, Object> names(String description)
    {
        return Map.of("anyOf", List.of(Map.of("type", "array", "items", Map.of("type", "string")), Map.of("type", "string")), "description", description);
    }
}
