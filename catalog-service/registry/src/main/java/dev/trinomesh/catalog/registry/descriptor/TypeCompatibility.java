package dev.trinomesh.catalog.registry.descriptor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether values of one Trino type can be served as another without loss: the same type, or a narrower
 * one Trino widens implicitly (integer as bigint, real as double, decimal(10,2) as decimal(12,2),
 * varchar(10) as varchar, timestamp(3) as timestamp(6)). The one table of safe widenings: the lake's
 * contract gate asks it whether a table column can serve its contract, and the version rules whether a
 * new contract type only widens the old one. Types are canonical Trino spellings ({@link TrinoTypes#canonical}).
 */
public final class TypeCompatibility
{
    private static final List<String> INTEGRAL = List.of("tinyint", "smallint", "integer", "bigint");
    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),(\\d+)\\)");
    private static final Pattern VARCHAR = Pattern.compile("varchar(?:\\((\\d+)\\))?");
    private static final Pattern TIMESTAMP = Pattern.compile("(timestamp|time)\\((\\d+)\\)( with time zone)?");

    private TypeCompatibility() {}

    public static boolean servesAs(String tableType, String contractType)
    {
        if (tableType.equals(contractType)) {
            return true;
        }
        if (INTEGRAL.contains(tableType) && INTEGRAL.contains(contractType)) {
            return INTEGRAL.indexOf(tableType) <= INTEGRAL.indexOf(contractType);
        }
        if (tableType.equals("real") && contractType.equals("double")) {
            return true;
        }
        Optional<int[]> tableDecimal = decimal(tableType);
        Optional<int[]> contractDecimal = decimal(contractType);
        if (tableDecimal.isPresent() && contractDecimal.isPresent()) {
            int[] from = tableDecimal.orElseThrow();
            int[] to = contractDecimal.orElseThrow();
            return to[1] >= from[1] && to[0] - to[1] >= from[0] - from[1];
        }
        Matcher fromVarchar = VARCHAR.matcher(tableType);
        Matcher toVarchar = VARCHAR.matcher(contractType);
        if (fromVarchar.matches() && toVarchar.matches()) {
            return toVarchar.group(1) == null || (fromVarchar.group(1) != null && Integer.parseInt(fromVarchar.group(1)) <= Integer.parseInt(toVarchar.group(1)));
        }
        Matcher fromTime = TIMESTAMP.matcher(tableType);
        Matcher toTime = TIMESTAMP.matcher(contractType);
        if (fromTime.matches() && toTime.matches()) {
            return fromTime.group(1).equals(toTime.group(1))
                    && Objects.equals(fromTime.group(3), toTime.group(3))
                    && Integer.parseInt(fromTime.group(2)) <= Integer.parseInt(toTime.group(2));
        }
        return false;
    }

    private static Optional<int[]> decimal(String type)
    {
        Matcher matcher = DECIMAL.matcher(type);
        return matcher.matches() ? Optional.of(new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))}) : Optional.empty();
    }
}
