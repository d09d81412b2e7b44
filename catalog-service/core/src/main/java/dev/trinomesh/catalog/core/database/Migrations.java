package dev.trinomesh.catalog.core.database;

import io.airlift.log.Logger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalInt;

/**
 * Brings each area's tables to its latest migration, under the area's own Flyway history. A database made
 * before areas had their own histories keeps one {@code flyway_schema_history}; it must have reached
 * {@value #LEGACY_VERSION}, and each area then starts from its {@link SchemaMigrations#legacyVersion()}.
 */
final class Migrations
{
    private static final Logger log = Logger.get(Migrations.class);
    static final String LEGACY_HISTORY = "flyway_schema_history";
    static final int LEGACY_VERSION = 6;

    private Migrations() {}

    static void apply(DataSource dataSource, List<SchemaMigrations> areas)
    {
        OptionalInt legacy = legacyVersion(dataSource);
        if (legacy.isPresent() && legacy.orElseThrow() != LEGACY_VERSION) {
            throw new IllegalStateException(("the database was made by an early catalog service and stopped at schema version %s of %s: "
                    + "start the catalog service of that time on it once, so it reaches version %s, then this one").formatted(legacy.orElseThrow(), LEGACY_HISTORY, LEGACY_VERSION));
        }
        for (SchemaMigrations area : areas) {
            // An area whose history table is missing on a non-empty database is new to it (baseline 0: apply
            // every migration) or was made under the legacy history (baseline at its legacy version).
            String baseline = String.valueOf(legacy.isPresent() ? area.legacyVersion() : 0);
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(area.location())
                    .table(area.historyTable())
                    .baselineOnMigrate(true)
                    .baselineVersion(baseline)
                    .baselineDescription(legacy.isPresent() ? "made under " + LEGACY_HISTORY : "area added")
                    .load()
                    .migrate();
            log.info("%s tables at version %s (%s migrations applied)", area.area(),
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion, result.migrationsExecuted);
        }
    }

    /** The newest version applied under the legacy history, when the database has one. */
    private static OptionalInt legacyVersion(DataSource dataSource)
    {
        try (Connection connection = dataSource.getConnection()) {
            try (ResultSet tables = connection.getMetaData().getTables(null, null, LEGACY_HISTORY, null)) {
                if (!tables.next()) {
                    return OptionalInt.empty();
                }
            }
            try (Statement statement = connection.createStatement();
                    ResultSet versions = statement.executeQuery("SELECT version FROM " + LEGACY_HISTORY + " WHERE success AND version IS NOT NULL")) {
                int newest = 0;
                while (versions.next()) {
                    newest = Math.max(newest, Integer.parseInt(versions.getString(1)));
                }
                return OptionalInt.of(newest);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's migration history: " + e.getMessage(), e);
        }
    }
}
