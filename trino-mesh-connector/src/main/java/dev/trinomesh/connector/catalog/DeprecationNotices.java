package dev.trinomesh.connector.catalog;

import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.function.FunctionId;
import io.trino.spi.function.FunctionMetadata;
import io.trino.spi.function.ScalarFunctionImplementation;
import io.trino.spi.function.SchemaFunctionName;
import io.trino.spi.function.Signature;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

import static com.google.common.base.Throwables.throwIfUnchecked;
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
    // SchemaFunctionName's getters (getSchemaName, getFunctionName) are record accessors after Trino 476
    // (schemaName, functionName): looked up once by either name, so that this compiles and runs against both.
    private static final MethodHandle SCHEMA_NAME = accessor("schemaName", "getSchemaName");
    private static final MethodHandle FUNCTION_NAME = accessor("functionName", "getFunctionName");

    private DeprecationNotices() {}

    private static MethodHandle accessor(String... names)
    {
        MethodType type = MethodType.methodType(String.class);
        for (String name : names) {
            try {
                return MethodHandles.publicLookup().findVirtual(SchemaFunctionName.class, name, type)
                        .asType(MethodType.methodType(String.class, SchemaFunctionName.class));
            }
            catch (NoSuchMethodException | IllegalAccessException e) {
                // the other version's name
            }
        }
        throw new LinkageError("SchemaFunctionName has none of " + String.join(", ", names));
    }

    private static String part(MethodHandle accessor, SchemaFunctionName function)
    {
        try {
            return (String) accessor.invokeExact(function);
        }
        catch (Throwable e) {
            throwIfUnchecked(e);
            throw new IllegalStateException(e);
        }
    }

    /** The function that carries the notice of {@code table}. */
    public static SchemaFunctionName functionName(SchemaTableName table)
    {
        return new SchemaFunctionName(table.getSchemaName(), PREFIX + table.getTableName());
    }

    /** The table whose notice {@code function} carries, if it is one of these functions. */
    public static Optional<SchemaTableName> table(SchemaFunctionName function)
    {
        String functionName = part(FUNCTION_NAME, function);
        if (!functionName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(new SchemaTableName(part(SCHEMA_NAME, function), functionName.substring(PREFIX.length())));
    }

    /** The view's query, filtered by the notice's function. */
    public static String guard(String catalog, SchemaTableName table, String sql)
    {
        return "SELECT * FROM (\n%s\n) WHERE %s.%s.%s()".formatted(sql, identifier(catalog), identifier(table.getSchemaName()), identifier(PREFIX + table.getTableName()));
    }

    public static FunctionMetadata metadata(SchemaTableName table, String notice)
    {
        return FunctionMetadata.scalarBuilder(PREFIX + table.getTableName())
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
