package dev.trinomesh.catalog.core.database;

import com.google.inject.Binder;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.inject.multibindings.Multibinder.newSetBinder;
import static java.util.Objects.requireNonNull;

/**
 * The tables of one area: its Flyway migrations at {@code dev/trinomesh/catalog/<area>/db/migration}, applied
 * under a history table of its own ({@code <area>_schema_history}), so that each area numbers its migrations
 * alone and a deployment without an area has none of its tables.
 *
 * @param legacyVersion the area's version in a database made before areas had their own histories (one
 *         {@code flyway_schema_history} up to V6): its tables are there, so its history starts at this version
 */
public record SchemaMigrations(String area, int legacyVersion)
{
    public SchemaMigrations
    {
        requireNonNull(area, "area is null");
        checkArgument(area.matches("[a-z]+"), "area must be a lower-case word: %s", area);
        checkArgument(legacyVersion >= 0, "legacyVersion is negative");
    }

    /** Adds an area's migrations to those the {@link Database} applies at start, in the order they are bound. */
    public static void bindMigrations(Binder binder, String area, int legacyVersion)
    {
        newSetBinder(binder, SchemaMigrations.class).addBinding().toInstance(new SchemaMigrations(area, legacyVersion));
    }

    public String location()
    {
        return "classpath:dev/trinomesh/catalog/%s/db/migration".formatted(area);
    }

    public String historyTable()
    {
        return area + "_schema_history";
    }
}
