package dev.trinomesh.connector.discovery;

import io.trino.spi.type.Type;

import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** One column of a discovery table and how to read it from a row, so that names and values cannot drift apart. */
record Field<R>(String name, Type type, String comment, Function<R, Object> value)
{
    Field
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(comment, "comment is null");
        requireNonNull(value, "value is null");
    }
}
