package dev.trinomesh.testing;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Makes Trino's event objects by their constructor's parameter names rather than positions: Trino adds, drops and
 * retypes their parameters from version to version (QueryStatistics, QueryCompletedEvent, a catalog version's
 * class), and the tests build against each Trino the build supports (docs/operator/trino-versions.md). A parameter
 * not named gets a neutral value of its type (empty, zero, false); one named that the constructor does not have
 * fails, so a test never silently stops setting what it checks.
 */
public final class SpiConstructors
{
    private SpiConstructors() {}

    public static <T> T create(Class<T> type, Map<String, ?> values)
    {
        Constructor<?> constructor = Arrays.stream(type.getConstructors())
                .filter(candidate -> candidate.isAnnotationPresent(JsonCreator.class))
                .findFirst()
                .orElseGet(() -> Arrays.stream(type.getConstructors()).max(Comparator.comparingInt(Constructor::getParameterCount)).orElseThrow());
        Map<String, Object> unused = new HashMap<>(values);
        Object[] arguments = new Object[constructor.getParameterCount()];
        Parameter[] parameters = constructor.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            checkArgument(parameter.isNamePresent(), "%s was compiled without parameter names", type.getName());
            arguments[i] = unused.containsKey(parameter.getName()) ? unused.remove(parameter.getName()) : neutral(parameter.getType(), type, parameter.getName());
        }
        checkArgument(unused.isEmpty(), "%s has no constructor parameters %s", type.getName(), unused.keySet());
        try {
            return type.cast(constructor.newInstance(arguments));
        }
        catch (InvocationTargetException e) {
            throw new IllegalArgumentException("cannot make a " + type.getName(), e.getCause());
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A catalog version, whose class moved after Trino 476 (CatalogHandle.CatalogVersion, then CatalogVersion). */
    public static Object catalogVersion(Class<?> eventType, String version)
    {
        Class<?> versionType = Arrays.stream(eventType.getConstructors())
                .flatMap(constructor -> Arrays.stream(constructor.getParameterTypes()))
                .filter(parameterType -> parameterType.getSimpleName().equals("CatalogVersion"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(eventType.getName() + " takes no catalog version"));
        try {
            return versionType.getConstructor(String.class).newInstance(version);
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object neutral(Class<?> type, Class<?> owner, String name)
    {
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == double.class) {
            return 0.0;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type == OptionalLong.class) {
            return OptionalLong.empty();
        }
        if (type == OptionalInt.class) {
            return OptionalInt.empty();
        }
        if (type == OptionalDouble.class) {
            return OptionalDouble.empty();
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == Duration.class) {
            return Duration.ZERO;
        }
        if (type == Supplier.class) {
            Supplier<List<Object>> none = List::of;
            return none;
        }
        throw new IllegalArgumentException("no neutral value for %s's parameter %s of %s: name it".formatted(owner.getSimpleName(), name, type.getName()));
    }
}
