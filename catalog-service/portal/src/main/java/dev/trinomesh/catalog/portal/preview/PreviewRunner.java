package dev.trinomesh.catalog.portal.preview;

import com.google.inject.Inject;
import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.catalog.core.trino.TrinoConnections;
import dev.trinomesh.catalog.core.trino.TrinoConnections.Lease;
import dev.trinomesh.catalog.portal.PortalConfig;
import dev.trinomesh.catalog.portal.preview.Profile.ColumnProfile;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Runs a preview in Trino as the person ({@link Door#PORTAL}): Trino's access control applies their row filters and
 * masks and the circuit breaker, exactly as in their own SQL, and lineage records the read. Bounded in rows, in
 * characters read (the query is cancelled past them), in time and in queries a person runs at once.
 */
public class PreviewRunner
{
    private final TrinoConnections trino;
    private final String meshCatalog;
    private final int maxRows;
    private final long maxChars;
    private final int maxCellChars;
    private final int timeoutSeconds;
    private final long profileSampleRows;
    private final int profileTimeoutSeconds;
    private final RunningQueries running;

    @Inject
    public PreviewRunner(TrinoConnections trino, PortalConfig config)
    {
        this.trino = requireNonNull(trino, "trino is null");
        this.meshCatalog = config.getMeshCatalog();
        this.maxRows = config.getPreviewMaxRows();
        this.maxChars = config.getPreviewMaxBytes().toBytes() / 2;
        this.maxCellChars = config.getPreviewMaxCellChars();
        this.timeoutSeconds = (int) Math.max(1, config.getPreviewTimeout().roundTo(SECONDS));
        this.profileSampleRows = config.getProfileSampleRows();
        this.profileTimeoutSeconds = (int) Math.max(1, config.getProfileTimeout().roundTo(SECONDS));
        int perUser = config.getMaxConcurrentQueriesPerUser();
        this.running = new RunningQueries(perUser);
    }

    public Preview preview(String user, String product, String dataset, List<Column> columns)
    {
        Optional<RunningQueries.Slot> slot = running.start(user);
        if (slot.isEmpty()) {
            return Preview.refused("You are already running as many previews and profiles as the portal allows at once: wait for one to finish.");
        }
        try (RunningQueries.Slot held = slot.orElseThrow()) {
            return run(user, sql(product, dataset, columns), held);
        }
    }

    /** A profile of the first {@code portal.profile.sample-rows} rows the person may read: masked values are profiled masked. */
    public Profile profile(String user, String product, String dataset, List<Column> columns)
    {
        Optional<RunningQueries.Slot> slot = running.start(user);
        if (slot.isEmpty()) {
            return Profile.refused("You are already running as many previews and profiles as the portal allows at once: wait for one to finish.");
        }
        try (RunningQueries.Slot held = slot.orElseThrow()) {
            return runProfile(user, new ProfileQuery(table(product, dataset), columns, profileSampleRows), held);
        }
    }

    /** Stops the previews and profiles {@code user} runs now (they stopped waiting for them); how many there were. */
    public int cancel(String user)
    {
        return running.cancel(user);
    }

    String sql(String product, String dataset, List<Column> columns)
    {
        String selected = columns.isEmpty() ? "*" : columns.stream().map(column -> identifier(column.name())).collect(Collectors.joining(", "));
        return "SELECT %s FROM %s LIMIT %s".formatted(selected, table(product, dataset), maxRows);
    }

    private String table(String product, String dataset)
    {
        return "%s.%s.%s".formatted(identifier(meshCatalog), identifier(product), identifier(dataset));
    }

    private Profile runProfile(String user, ProfileQuery query, RunningQueries.Slot slot)
    {
        long start = System.nanoTime();
        try (Lease lease = trino.lease(user, Door.PORTAL);
                Statement statement = lease.connection().createStatement()) {
            slot.track(statement);
            statement.setQueryTimeout(profileTimeoutSeconds);
            try (ResultSet results = statement.executeQuery(query.sql())) {
                if (!results.next()) {
                    throw new SQLException("the profile query returned no row");
                }
                List<ColumnProfile> profiles = new ArrayList<>();
                for (int i = 0; i < query.columns().size(); i++) {
                    Column column = query.columns().get(i);
                    int first = ProfileQuery.firstMeasure(i);
                    profiles.add(new ColumnProfile(
                            column.name(),
                            column.type(),
                            results.getLong(first),
                            Optional.ofNullable(results.getObject(first + 1)).map(value -> ((Number) value).longValue()),
                            Optional.ofNullable(results.getString(first + 2)).map(this::cell),
                            Optional.ofNullable(results.getString(first + 3)).map(this::cell),
                            topValues(results.getObject(first + 4))));
                }
                return new Profile(results.getLong(1), profileSampleRows, profiles, (System.nanoTime() - start) / 1_000_000, Optional.empty());
            }
        }
        catch (SQLException e) {
            return Profile.refused(explain(e));
        }
    }

    /** The most frequent values, most frequent first, as "value (count)". */
    private List<String> topValues(Object frequencies)
    {
        if (!(frequencies instanceof Map<?, ?> counts)) {
            return List.of();
        }
        return counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<?, ?> entry) -> ((Number) entry.getValue()).longValue()).reversed())
                .map(entry -> "%s (%s)".formatted(entry.getKey() == null ? "null" : cell(String.valueOf(entry.getKey())), entry.getValue()))
                .toList();
    }

    private String cell(String value)
    {
        return value.length() > maxCellChars ? value.substring(0, maxCellChars) + "…" : value;
    }

    private Preview run(String user, String sql, RunningQueries.Slot slot)
    {
        long start = System.nanoTime();
        try (Lease lease = trino.lease(user, Door.PORTAL)) {
            try (Statement statement = lease.connection().createStatement()) {
                slot.track(statement);
                // No setMaxRows: the LIMIT bounds the rows, and a driver that stops reading cancels the query, which
                // Trino (and lineage) would record as failed.
                statement.setQueryTimeout(timeoutSeconds);
                try (ResultSet results = statement.executeQuery(sql)) {
                    return read(statement, results, start);
                }
            }
            catch (SQLException e) {
                lease.discard();
                return Preview.refused(explain(e));
            }
        }
        catch (SQLException e) {
            return Preview.refused(explain(e));
        }
    }

    private Preview read(Statement statement, ResultSet results, long start)
            throws SQLException
    {
        ResultSetMetaData metadata = results.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            names.add(metadata.getColumnLabel(i));
        }
        List<List<String>> rows = new ArrayList<>();
        long chars = 0;
        int cutCells = 0;
        boolean cut = false;
        while (results.next()) {
            if (chars > maxChars) {
                cut = true;
                statement.cancel();
                break;
            }
            List<String> row = new ArrayList<>(names.size());
            for (int i = 1; i <= names.size(); i++) {
                String value = results.getString(i);
                if (value != null) {
                    chars += value.length();
                    if (value.length() > maxCellChars) {
                        value = value.substring(0, maxCellChars) + "…";
                        cutCells++;
                    }
                }
                row.add(value);
            }
            rows.add(row);
        }
        return new Preview(names, rows, cut, cutCells, (System.nanoTime() - start) / 1_000_000, Optional.empty());
    }

    /** Trino's own words, which name the circuit breaker's reason or the policy; the access denial in plainer ones. */
    private static String explain(SQLException e)
    {
        String message = Optional.ofNullable(e.getMessage()).orElse(e.toString());
        if (message.toLowerCase(Locale.ROOT).contains("access denied")) {
            return "Trino refused the preview: " + message + " Request access to this product from its page.";
        }
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            return "The portal could not reach Trino to run the preview: " + message;
        }
        return "Trino could not run the preview: " + message;
    }
}
