package dev.trinomesh.connector.catalog;

import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.function.FunctionId;
import io.trino.spi.function.FunctionMetadata;
import io.trino.spi.function.ScalarFunctionImplementation;
import io.trino.spi.function.SchemaFunctionName;
import io.trino.spi.function.Signature;

import java.lang.invoke.MethodHandles;
import java.util.Optional;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;
import static io.trino.spi.type.BooleanType.BOOLEAN;

/**
 * How a deprecated table warns its readers. Trino's SPI gives connectors no way to add a query warning,
 * but the engine warns on every use of a function marked deprecated, with the function's description. So
 * each deprecated table has a hidden, deprecated function in its schema that returns true, named after the
 * table and described by its notice, and the table's view filters on it: the planner folds the call away
 * (no cost per row) after the analyzer has added the warning, which clients show (the CLI prints it, JDBC
 * has {@code getWarnings()}).
 */
public final class DeprecationNotices
{
    private static final String PREFIX = "deprecated_";
    private static final String ID_PREFIX = "mesh-deprecation:";
    private static final ScalarFunctionImplementation ALWAYS_TRUE = ScalarFunctionImplementation.builder()
            .methodHandle(MethodHandles.constant(boolean.class, true))
            .build();

    private DeprecationNotices() {}

    /** The function that carries the notice of {@code table}. */
    public static SchemaFunctionName functionName(SchemaTableName table)
    {
        return new SchemaFunctionName(table.getSchemaName(), PREFIX + table.getTableName());
    }

    /** The table whose notice {@code function} carries, if it is one of these functions. */
    public static Optional<SchemaTableName> table(SchemaFunctionName function)
    {
        if (!function.getFunctionName().startsWith(PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(new SchemaTableName(function.getSchemaName(), function.getFunctionName().substring(PREFIX.length())));
    }

    /** The view's query, filtered by the notice's function. */
    public static String guard(String catalog, SchemaTableName table, String sql)
    {
        SchemaFunctionName function = functionName(table);
        return "SELECT * FROM (\n%s\n) WHERE %s.%s.%s()".formatted(sql, identifier(catalog), identifier(function.getSchemaName()), identifier(function.getFunctionName()));
    }

    public static FunctionMetadata metadata(SchemaTableName table, String notice)
    {
        SchemaFunctionName name = functionName(table);
        return FunctionMetadata.scalarBuilder(name.getFunctionName())
                .functionId(functionId(table))
                .signature(Signature.builder().returnType(BOOLEAN).build())
                .description(notice)
                .deprecated()
                .hidden()
                .build();
    }

    public static FunctionId functionId(SchemaTableName table)
    {
        // Function ids may not hold '@', which release tables do (orders@2026-q3); no table name holds '/'.
        return new FunctionId(ID_PREFIX + table.getSchemaName() + "." + table.getTableName().replace('@', '/'));
    }

    /** The table a function id names, if it is one of these functions' ids. */
    public static Optional<SchemaTableName> table(FunctionId functionId)
    {
        String id = functionId.toString();
        if (!id.startsWith(ID_PREFIX)) {
            return Optional.empty();
        }
        String qualified = id.substring(ID_PREFIX.length());
        int dot = qualified.indexOf('.');
        return Optional.of(new SchemaTableName(qualified.substring(0, dot), qualified.substring(dot + 1).replace('/', '@')));
    }

    public static ScalarFunctionImplementation implementation()
    {
        return ALWAYS_TRUE;
    }
}
