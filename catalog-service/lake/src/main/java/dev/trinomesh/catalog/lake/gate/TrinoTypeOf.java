package dev.trinomesh.catalog.lake.gate;

import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import static java.util.stream.Collectors.joining;

/** The Trino type Trino's Iceberg connector reads an Iceberg type as, in canonical spelling. */
final class TrinoTypeOf
{
    private TrinoTypeOf() {}

    static String icebergType(Type type)
    {
        return switch (type.typeId()) {
            case BOOLEAN -> "boolean";
            case INTEGER -> "integer";
            case LONG -> "bigint";
            case FLOAT -> "real";
            case DOUBLE -> "double";
            case DATE -> "date";
            case TIME -> "time(6)";
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? "timestamp(6) with time zone" : "timestamp(6)";
            case TIMESTAMP_NANO -> ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? "timestamp(9) with time zone" : "timestamp(9)";
            case STRING -> "varchar";
            case UUID -> "uuid";
            case FIXED, BINARY -> "varbinary";
            case DECIMAL -> "decimal(%s,%s)".formatted(((Types.DecimalType) type).precision(), ((Types.DecimalType) type).scale());
            case LIST -> "array(%s)".formatted(icebergType(type.asListType().elementType()));
            case MAP -> "map(%s, %s)".formatted(icebergType(type.asMapType().keyType()), icebergType(type.asMapType().valueType()));
            case STRUCT -> type.asStructType().fields().stream()
                    .map(field -> field.name() + " " + icebergType(field.type()))
                    .collect(joining(", ", "row(", ")"));
            default -> type.toString();
        };
    }
}
