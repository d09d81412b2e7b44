package dev.trinomesh.catalog.registry.descriptor;

import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.DataType;
import io.trino.sql.tree.DataTypeParameter;
import io.trino.sql.tree.DateTimeDataType;
import io.trino.sql.tree.GenericDataType;
import io.trino.sql.tree.NumericParameter;
import io.trino.sql.tree.RowDataType;
import io.trino.sql.tree.TypeParameter;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a contract column type is a Trino type, parsing it with Trino's own SQL parser and
 * checking names, arities and bounds the way the engine will. Answers with the reason when it is not.
 */
public final class TrinoTypes
{
    private static final SqlParser PARSER = new SqlParser();

    // The interval types Trino has. Its parser takes more (interval day, interval hour to second, and from 477 on
    // precisions), and names the node differently by version (IntervalDayTimeDataType up to 476, IntervalDataType
    // after): intervals are told by how the node prints, which is the same in both.
    private static final Set<String> INTERVAL_TYPES = Set.of("interval day to second", "interval year to month");

    private record Arity(int minimum, int maximum) {}

    private static final Map<String, Arity> SCALAR_TYPES = Map.ofEntries(
            Map.entry("boolean", new Arity(0, 0)),
            Map.entry("tinyint", new Arity(0, 0)),
            Map.entry("smallint", new Arity(0, 0)),
            Map.entry("integer", new Arity(0, 0)),
            Map.entry("int", new Arity(0, 0)),
            Map.entry("bigint", new Arity(0, 0)),
            Map.entry("real", new Arity(0, 0)),
            Map.entry("double", new Arity(0, 0)),
            Map.entry("decimal", new Arity(0, 2)),
            Map.entry("varchar", new Arity(0, 1)),
            Map.entry("char", new Arity(0, 1)),
            Map.entry("varbinary", new Arity(0, 0)),
            Map.entry("json", new Arity(0, 0)),
            Map.entry("date", new Arity(0, 0)),
            Map.entry("uuid", new Arity(0, 0)),
            Map.entry("ipaddress", new Arity(0, 0)));

    // Names people write from other systems, and the Trino type they mean.
    private static final Map<String, String> FOREIGN_NAMES = Map.ofEntries(
            Map.entry("string", "varchar"),
            Map.entry("text", "varchar"),
            Map.entry("str", "varchar"),
            Map.entry("long", "bigint"),
            Map.entry("int64", "bigint"),
            Map.entry("int32", "integer"),
            Map.entry("short", "smallint"),
            Map.entry("byte", "tinyint"),
            Map.entry("float", "real (32-bit) or double (64-bit)"),
            Map.entry("float64", "double"),
            Map.entry("number", "decimal(p,s) or double"),
            Map.entry("numeric", "decimal(p,s)"),
            Map.entry("bool", "boolean"),
            Map.entry("datetime", "timestamp(6)"),
            Map.entry("timestamptz", "timestamp(6) with time zone"),
            Map.entry("binary", "varbinary"),
            Map.entry("bytes", "varbinary"),
            Map.entry("list", "array(T)"),
            Map.entry("struct", "row(name T, ...)"));

    private TrinoTypes() {}

    /**
     * The canonical spelling of a valid type, as Trino prints it: {@code INT} becomes {@code integer},
     * {@code timestamp} becomes {@code timestamp(3)}, {@code decimal} becomes {@code decimal(38,0)}.
     */
    public static String canonical(String type)
    {
        return canonical(PARSER.createType(type));
    }

    private static String canonical(DataType type)
    {
        return switch (type) {
            case GenericDataType generic -> canonicalGeneric(generic);
            case RowDataType row -> row.getFields().stream()
                    .map(field -> field.getName().map(name -> name.getValue().toLowerCase(Locale.ROOT) + " ").orElse("") + canonical(field.getType()))
                    .collect(java.util.stream.Collectors.joining(", ", "row(", ")"));
            case DateTimeDataType dateTime -> "%s(%s)%s".formatted(
                    dateTime.getType().name().toLowerCase(Locale.ROOT),
                    dateTime.getPrecision().map(precision -> ((NumericParameter) precision).getValue()).orElse("3"),
                    dateTime.isWithTimeZone() ? " with time zone" : "");
            default -> type.toString().toLowerCase(Locale.ROOT);
        };
    }

    private static String canonicalGeneric(GenericDataType type)
    {
        String name = type.getName().getValue().toLowerCase(Locale.ROOT);
        List<String> arguments = type.getArguments().stream()
                .map(argument -> argument instanceof TypeParameter parameter ? canonical(parameter.getValue()) : ((NumericParameter) argument).getValue())
                .toList();
        return switch (name) {
            case "int" -> "integer";
            case "decimal" -> "decimal(%s,%s)".formatted(arguments.isEmpty() ? "38" : arguments.get(0), arguments.size() < 2 ? "0" : arguments.get(1));
            case "char" -> "char(%s)".formatted(arguments.isEmpty() ? "1" : arguments.getFirst());
            default -> arguments.isEmpty() ? name : name + "(" + String.join(", ", arguments) + ")";
        };
    }

    /** Empty when {@code type} is a valid Trino type, otherwise why it is not. */
    public static Optional<String> check(String type)
    {
        DataType parsed;
        try {
            parsed = PARSER.createType(type);
        }
        catch (ParsingException e) {
            return Optional.of("not a Trino type: " + e.getErrorMessage() + hint(type.strip().split("[\\s(]")[0]));
        }
        return check(parsed);
    }

    private static boolean isInterval(DataType type)
    {
        return type.toString().toLowerCase(Locale.ROOT).startsWith("interval");
    }

    private static Optional<String> check(DataType type)
    {
        if (INTERVAL_TYPES.contains(type.toString().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return switch (type) {
            case GenericDataType generic -> checkGeneric(generic);
            case RowDataType row -> row.getFields().stream()
                    .map(field -> check(field.getType()))
                    .flatMap(Optional::stream)
                    .findFirst();
            case DateTimeDataType dateTime -> dateTime.getPrecision()
                    .flatMap(precision -> checkNumber(precision, "precision of " + dateTime.getType().name().toLowerCase(Locale.ROOT), 0, 12));
            default -> isInterval(type)
                    ? Optional.of("unsupported interval type '%s'; Trino has %s".formatted(type.toString().toLowerCase(Locale.ROOT), String.join(" and ", INTERVAL_TYPES.stream().sorted().toList())))
                    : Optional.of("unsupported type " + type);
        };
    }

    private static Optional<String> checkGeneric(GenericDataType type)
    {
        String name = type.getName().getValue().toLowerCase(Locale.ROOT);
        List<DataTypeParameter> arguments = type.getArguments();
        if (name.equals("array") || name.equals("map")) {
            return typeArguments(name, arguments, name.equals("array") ? 1 : 2);
        }
        Arity arity = SCALAR_TYPES.get(name);
        if (arity == null) {
            return Optional.of("unknown type '%s'%s".formatted(name, hint(name)));
        }
        if (arguments.size() < arity.minimum() || arguments.size() > arity.maximum()) {
            return Optional.of(arity.maximum() == 0
                    ? "type %s takes no parameters".formatted(name)
                    : "type %s takes at most %s parameter%s".formatted(name, arity.maximum(), arity.maximum() == 1 ? "" : "s"));
        }
        return switch (name) {
            case "decimal" -> checkDecimal(arguments);
            case "varchar", "char" -> arguments.stream().findFirst()
                    .flatMap(length -> checkNumber(length, "length of " + name, 1, Integer.MAX_VALUE));
            default -> Optional.empty();
        };
    }

    private static Optional<String> checkDecimal(List<DataTypeParameter> arguments)
    {
        if (arguments.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> precisionError = checkNumber(arguments.get(0), "decimal precision", 1, 38);
        if (precisionError.isPresent() || arguments.size() == 1) {
            return precisionError;
        }
        long precision = Long.parseLong(((NumericParameter) arguments.get(0)).getValue());
        return checkNumber(arguments.get(1), "decimal scale", 0, precision);
    }

    private static Optional<String> typeArguments(String name, List<DataTypeParameter> arguments, int count)
    {
        if (arguments.size() != count || !arguments.stream().allMatch(TypeParameter.class::isInstance)) {
            return Optional.of("type %s needs %s".formatted(name, count == 1 ? "an element type, e.g. array(varchar)" : "a key and a value type, e.g. map(varchar, bigint)"));
        }
        return arguments.stream()
                .map(argument -> check(((TypeParameter) argument).getValue()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<String> checkNumber(DataTypeParameter parameter, String what, long minimum, long maximum)
    {
        if (!(parameter instanceof NumericParameter numeric)) {
            return Optional.of(what + " must be a number");
        }
        long value;
        try {
            value = Long.parseLong(numeric.getValue());
        }
        catch (NumberFormatException e) {
            return Optional.of(what + " must be a number");
        }
        if (value < minimum || value > maximum) {
            return Optional.of("%s must be between %s and %s, got %s".formatted(what, minimum, maximum, value));
        }
        return Optional.empty();
    }

    private static String hint(String name)
    {
        String foreign = FOREIGN_NAMES.get(name.toLowerCase(Locale.ROOT));
        if (foreign != null) {
            return "; in Trino use " + foreign;
        }
        return Suggestions.closest(name.toLowerCase(Locale.ROOT), SCALAR_TYPES.keySet())
                .map(candidate -> "; did you mean '%s'?".formatted(candidate))
                .orElse("; use a Trino type such as varchar, bigint, double, decimal(12,2), date, timestamp(6) with time zone, array(varchar)");
    }
}
