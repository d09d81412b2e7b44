package dev.trinomesh.catalog.data.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinomesh.catalog.data.request.ContractType;

import java.util.Locale;

/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of a contracted column: the values the data API writes for it
 * ({@code JsonRows}, {@code Values}) and the values a filter on it accepts ({@code ContractType#literal}). They say no
 * more than the service guarantees: a column that is not {@code required} may be null, doubles may be the strings
 * {@code NaN} and {@code Infinity}, and types the API passes through (arrays, maps, rows) are any JSON.
 */
final class ColumnSchemas
{
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** What {@code Values} writes for a time: ISO_LOCAL_TIME, seconds always, a fraction when there is one. */
    private static final String TIME = "^\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?$";
    /** What {@code Values} writes for a timestamp without a zone: ISO_LOCAL_DATE_TIME. */
    private static final String TIMESTAMP = "^[+-]?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?$";
    /** What {@code ContractType#literal} accepts for a time: seconds and their fraction optional. */
    private static final String TIME_FILTER = "^\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?$";
    /** What it accepts for a timestamp without a zone: a T or a space between date and time. */
    private static final String TIMESTAMP_FILTER = "^[+-]?\\d{4,}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?$";
    /** JSON has no NaN or infinity: the API writes them as the strings Java prints. */
    private static final String NOT_FINITE = "^(NaN|-?Infinity)$";

    private ColumnSchemas() {}

    /** The schema of the column's values in a JSON answer; nullable unless the contract requires the column. */
    static ObjectNode value(ContractType type, boolean required)
    {
        ObjectNode schema = JSON.objectNode();
        switch (type.kind()) {
            case BOOLEAN -> schema.put("type", "boolean");
            case INTEGER -> integer(schema, type.precision());
            case DECIMAL -> schema.put("type", "number");
            case FLOATING -> {
                // pattern applies to strings only: any number, or one of the three words.
                schema.set("type", types("number", "string"));
                schema.put("pattern", NOT_FINITE);
            }
            case TEXT -> text(schema, type);
            case DATE -> schema.put("type", "string").put("format", "date");
            case TIME -> schema.put("type", "string").put("pattern", TIME);
            case TIMESTAMP -> schema.put("type", "string").put("pattern", TIMESTAMP);
            case TIMESTAMP_TZ -> schema.put("type", "string").put("format", "date-time");
            case OTHER -> other(schema, type);
        }
        if (!required) {
            nullable(schema);
        }
        return schema;
    }

    /** The schema of one value a filter on the column takes: typed as the column, never null (is_null asks for that). */
    static ObjectNode filterValue(ContractType type)
    {
        ObjectNode schema = JSON.objectNode();
        switch (type.kind()) {
            case BOOLEAN -> schema.put("type", "boolean");
            case INTEGER -> integer(schema, type.precision());
            case DECIMAL, FLOATING -> schema.put("type", "number");
            case TEXT -> text(schema, type);
            case DATE -> schema.put("type", "string").put("format", "date");
            case TIME -> schema.put("type", "string").put("pattern", TIME_FILTER);
            case TIMESTAMP -> schema.put("type", "string").put("pattern", TIMESTAMP_FILTER);
            case TIMESTAMP_TZ -> schema.put("type", "string").put("format", "date-time");
            case OTHER -> throw new IllegalArgumentException("a %s column takes no filter value".formatted(type.sqlType()));
        }
        return schema;
    }

    /**
     * The schema of a metric's measure, which a metric answer sums when it groups by fewer dimensions than the
     * metric has: integers stay whole (a sum is a bigint), decimals and floating point numbers stay numbers.
     */
    static ObjectNode measure(ContractType type)
    {
        ObjectNode schema = JSON.objectNode();
        switch (type.kind()) {
            case INTEGER -> schema.put("type", "integer").put("format", "int64");
            case DECIMAL -> schema.put("type", "number");
            default -> {
                schema.set("type", types("number", "string"));
                schema.put("pattern", NOT_FINITE);
            }
        }
        return nullable(schema);
    }

    /** {@code schema} allowing null too: {@code null} added to its {@code type}; a schema without one takes null already. */
    static ObjectNode nullable(ObjectNode schema)
    {
        if (schema.has("type")) {
            ArrayNode types = JSON.arrayNode();
            if (schema.get("type").isArray()) {
                types.addAll((ArrayNode) schema.get("type"));
            }
            else {
                types.add(schema.get("type").asText());
            }
            types.add("null");
            schema.set("type", types);
        }
        return schema;
    }

    /** How a value of the type is written, for descriptions: the JSON it is and what that means. */
    static String describe(ContractType type)
    {
        return switch (type.kind()) {
            case BOOLEAN -> "a boolean";
            case INTEGER -> "a whole number";
            case DECIMAL -> "an exact decimal number (%s; a client that reads JSON numbers as doubles may round it)".formatted(type.sqlType());
            case FLOATING -> "a number, or the string NaN, Infinity or -Infinity";
            case TEXT -> "text";
            case DATE -> "a date such as 2024-01-31";
            case TIME -> "a time such as 13:45:00";
            case TIMESTAMP -> "a timestamp without time zone such as 2024-01-31T13:45:00";
            case TIMESTAMP_TZ -> "a timestamp with its offset such as 2024-01-31T13:45:00Z";
            case OTHER -> "a %s as JSON".formatted(type.sqlType());
        };
    }

    private static void integer(ObjectNode schema, int bits)
    {
        schema.put("type", "integer");
        schema.put("format", bits == 64 ? "int64" : "int32");
        if (bits < 32) {
            schema.put("minimum", -(1L << (bits - 1)));
            schema.put("maximum", (1L << (bits - 1)) - 1);
        }
    }

    private static void text(ObjectNode schema, ContractType type)
    {
        schema.put("type", "string");
        if (type.precision() > 0) {
            schema.put("maxLength", type.precision());
        }
    }

    /** Arrays and maps are JSON arrays and objects; anything else the API passes through (rows, binary, JSON, UUIDs) is any JSON. */
    private static void other(ObjectNode schema, ContractType type)
    {
        String sqlType = type.sqlType().toLowerCase(Locale.ROOT);
        if (sqlType.startsWith("array(") || sqlType.startsWith("array<")) {
            schema.put("type", "array");
        }
        else if (sqlType.startsWith("map(") || sqlType.startsWith("map<")) {
            schema.put("type", "object");
        }
    }

    private static ArrayNode types(String... names)
    {
        ArrayNode types = JSON.arrayNode();
        for (String name : names) {
            types.add(name);
        }
        return types;
    }
}
