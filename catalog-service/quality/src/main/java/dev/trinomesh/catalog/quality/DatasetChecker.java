package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetSql;
import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.api.quality.CheckResult;
import dev.trinomesh.catalog.lake.api.LakeBindings;
import dev.trinomesh.catalog.lake.api.LakeCommits;
import dev.trinomesh.catalog.registry.api.ContractRules;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import jakarta.inject.Inject;
import org.apache.iceberg.catalog.TableIdentifier;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Runs the checks of one dataset through Trino: every check that reads rows in one scan (see
 * {@link ScanQuery}), each {@code sql} check as its own query, the schema check from the source's
 * result metadata (no rows read), and a freshness check without a column from the lake's commit log.
 * Nothing escapes as an exception: a check that cannot be evaluated is an {@code error} result saying why.
 */
public class DatasetChecker
{
    private static final Logger log = Logger.get(DatasetChecker.class);

    private final CheckConnections connections;
    private final LakeCommits commits;
    private final LakeBindings bindings;
    private final int queryTimeoutSeconds;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public DatasetChecker(CheckConnections connections, LakeCommits commits, LakeBindings bindings, QualityConfig config)
    {
        this.connections = requireNonNull(connections, "connections is null");
        this.commits = requireNonNull(commits, "commits is null");
        this.bindings = requireNonNull(bindings, "bindings is null");
        this.queryTimeoutSeconds = (int) Math.max(1, config.getQueryTimeout().roundTo(SECONDS));
    }

    /** A result for every declared check of {@code dataset}, in declaration order. */
    public List<CheckResult> check(long runId, String product, Dataset dataset)
    {
        List<DeclaredCheck> checks = dataset.quality().stream().map(DeclaredCheck::of).toList();
        Map<String, Measured> measured = new HashMap<>();
        try (Connection connection = connections.open()) {
            ScanQuery scan = ScanQuery.of(dataset, checks);
            if (!scan.isEmpty()) {
                measureScan(connection, scan, measured);
            }
            for (DeclaredCheck check : checks) {
                if (measured.containsKey(check.name())) {
                    continue;
                }
                long start = System.nanoTime();
                Evaluation evaluation = switch (check.kind()) {
                    case SCHEMA -> schema(connection, dataset);
                    case SQL -> sql(connection, dataset, check);
                    case FRESHNESS -> lakeFreshness(dataset, check);
                    default -> Evaluation.error(null, "this check was not measured (a bug: please report it)");
                };
                measured.put(check.name(), new Measured(evaluation, elapsedMillis(start)));
            }
        }
        catch (SQLException | RuntimeException e) {
            // Trino could not be reached at all: every check not yet measured says so.
            String message = "cannot run checks on Trino at %s: %s".formatted(connections.uri(), e.getMessage());
            log.warn("%s.%s: %s", product, dataset.name(), message);
            checks.forEach(check -> measured.putIfAbsent(check.name(), new Measured(Evaluation.error(null, message), 0)));
        }
        Instant now = clock.instant();
        return checks.stream()
                .map(check -> {
                    Measured result = measured.get(check.name());
                    Evaluation evaluation = result.evaluation();
                    return new CheckResult(runId, product, dataset.name(), check.name(), check.kind().wireName(), check.blocking(),
                            evaluation.outcome(), evaluation.measured(), evaluation.expected(), evaluation.message(), now, result.durationMillis());
                })
                .toList();
    }

    private record Measured(Evaluation evaluation, long durationMillis) {}

    private void measureScan(Connection connection, ScanQuery scan, Map<String, Measured> measured)
    {
        long start = System.nanoTime();
        try {
            List<Object> values = row(connection, scan.sql());
            long millis = elapsedMillis(start);
            int offset = 0;
            for (ScanQuery.Part part : scan.parts()) {
                List<Object> own = values.subList(offset, offset + part.expressions().size());
                offset += part.expressions().size();
                measured.put(part.check().name(), new Measured(judge(part, own), millis));
            }
        }
        catch (SQLException e) {
            if (scan.parts().size() == 1) {
                ScanQuery.Part part = scan.parts().getFirst();
                measured.put(part.check().name(), new Measured(Evaluation.error(null, e.getMessage()), elapsedMillis(start)));
                return;
            }
            // Measure each check alone, so that the failure sticks to the check that causes it.
            log.debug("combined checks failed (%s); measuring them one by one", e.getMessage());
            for (ScanQuery.Part part : scan.parts()) {
                long partStart = System.nanoTime();
                Evaluation evaluation;
                try {
                    evaluation = judge(part, row(connection, scan.sql(part)));
                }
                catch (SQLException partFailure) {
                    evaluation = Evaluation.error(null, partFailure.getMessage());
                }
                measured.put(part.check().name(), new Measured(evaluation, elapsedMillis(partStart)));
            }
        }
    }

    private static Evaluation judge(ScanQuery.Part part, List<Object> values)
    {
        try {
            return part.judge().apply(values);
        }
        catch (RuntimeException e) {
            return Evaluation.error(null, "cannot judge the measured values %s: %s".formatted(values, e));
        }
    }

    /** Each contracted column must be in the source with a type that serves as the contract's. */
    private Evaluation schema(Connection connection, Dataset dataset)
    {
        Map<String, String> actual = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(queryTimeoutSeconds);
            try (ResultSet result = statement.executeQuery("SELECT * FROM %s LIMIT 0".formatted(DatasetSql.source(dataset)))) {
                ResultSetMetaData metadata = result.getMetaData();
                for (int i = 1; i <= metadata.getColumnCount(); i++) {
                    actual.put(metadata.getColumnName(i).toLowerCase(Locale.ROOT), metadata.getColumnTypeName(i));
                }
                result.next(); // to the end, so that the query finishes instead of being cancelled
            }
        }
        catch (SQLException e) {
            return Evaluation.error("the contract's columns and types", e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        for (Column column : dataset.columns()) {
            String type = actual.get(column.name().toLowerCase(Locale.ROOT));
            if (type == null) {
                problems.add("%s is missing".formatted(column.name()));
            }
            else if (!ContractRules.servesAs(canonical(type), canonical(column.type()))) {
                problems.add("%s is %s, the contract says %s".formatted(column.name(), type, column.type()));
            }
        }
        return Evaluation.of(problems.isEmpty(), (double) problems.size(), "the contract's %s columns and types".formatted(dataset.columns().size()),
                "the source does not match the contract: " + String.join("; ", problems));
    }

    private static String canonical(String type)
    {
        try {
            return ContractRules.canonicalType(type);
        }
        catch (RuntimeException e) {
            return type.toLowerCase(Locale.ROOT);
        }
    }

    /** A custom query returning one number; {@code {dataset}} stands for the dataset's query over its source. */
    private Evaluation sql(Connection connection, Dataset dataset, DeclaredCheck check)
    {
        Object expectValue = check.parameters().get("expect");
        String expected = "= " + (expectValue instanceof Number number ? ScanQuery.format(number.doubleValue()) : String.valueOf(expectValue));
        String query = check.text("query").orElseThrow().replace("{dataset}", "(" + DatasetSql.select(dataset) + ")");
        List<Object> values;
        try {
            values = row(connection, query);
        }
        catch (SQLException e) {
            return Evaluation.error(expected, e.getMessage());
        }
        Object value = values.isEmpty() ? null : values.getFirst();
        if (!(value instanceof Number number)) {
            return Evaluation.error(expected, "the query must return one number; it returned %s".formatted(value == null ? "null" : "'" + value + "'"));
        }
        double measured = number.doubleValue();
        double expect = expectValue instanceof Number target ? target.doubleValue() : Double.parseDouble(String.valueOf(expectValue));
        return Evaluation.of(Math.abs(measured - expect) <= 1e-9 * Math.max(1, Math.abs(expect)), measured, expected,
                "the query returned %s, expected %s".formatted(ScanQuery.format(measured), ScanQuery.format(expect)));
    }

    /** Freshness without a column: the age of the newest accepted commit to the dataset's lake table. */
    private Evaluation lakeFreshness(Dataset dataset, DeclaredCheck check)
    {
        String maxAge = check.text("maxAge").or(() -> Optional.ofNullable(dataset.freshness()).map(dev.trinomesh.api.model.Freshness::maxAge)).orElseThrow();
        String expected = "last lake commit at most %s old".formatted(maxAge);
        Optional<TableIdentifier> table = bindings.boundTable(dataset);
        if (table.isEmpty()) {
            return Evaluation.error(expected, "a freshness check without a column needs a dataset that reads a lake table; name a timestamp column instead");
        }
        Optional<LakeCommit> last = Optional.ofNullable(commits.latestSnapshots().get(table.orElseThrow()));
        if (last.isEmpty()) {
            return Evaluation.of(false, null, expected, "lake table %s has no data commits yet".formatted(table.orElseThrow()));
        }
        double age = java.time.Duration.between(last.orElseThrow().committedAt(), clock.instant()).toMillis() / 1000.0;
        long maxSeconds = Duration.valueOf(maxAge).roundTo(SECONDS);
        return Evaluation.of(age <= maxSeconds, age, expected, "the last commit to %s was %s ago, at %s; older than %s".formatted(table.orElseThrow(), Ages.describe(age), last.orElseThrow().committedAt(), maxAge));
    }

    private List<Object> row(Connection connection, String sql)
            throws SQLException
    {
        return CheckConnections.firstRow(connection, sql, queryTimeoutSeconds);
    }

    private static long elapsedMillis(long startNanos)
    {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
