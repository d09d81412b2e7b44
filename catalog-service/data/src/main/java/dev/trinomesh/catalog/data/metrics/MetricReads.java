package dev.trinomesh.catalog.data.metrics;

import com.google.inject.Inject;
import dev.trinomesh.api.lineage.Door;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.Metric;
import dev.trinomesh.api.model.ProductRecord;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.data.DataConfig;
import dev.trinomesh.catalog.data.format.ResultColumn;
import dev.trinomesh.catalog.data.format.Values;
import dev.trinomesh.catalog.data.read.Limits;
import dev.trinomesh.catalog.data.read.RowReader;
import dev.trinomesh.catalog.data.read.RunningQuery;
import dev.trinomesh.catalog.data.read.ServedTables;
import dev.trinomesh.catalog.data.read.TrinoQueries;
import dev.trinomesh.catalog.data.request.ContractType;
import dev.trinomesh.catalog.registry.api.Visibility;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.SECONDS;
import static java.util.stream.Collectors.joining;

/**
 * A metric of the semantic layer by some of its dimensions, over a time range: read in Trino as the caller from the
 * metric's dataset, so its row filters and masks apply. Grouping by fewer dimensions than the metric has adds the
 * measure up over the others (right for additive measures such as revenue or counts; the docs say so); grouping by
 * all of them returns the metric's rows as they are. {@code from} is inclusive and {@code to} exclusive, on the
 * metric's time dimension (its first date or timestamp dimension).
 */
public final class MetricReads
{
    private final ServedTables tables;
    private final Visibility visibility;
    private final TrinoQueries queries;
    private final Limits limits;
    private final String meshCatalog;
    private final int timeoutSeconds;

    @Inject
    public MetricReads(ServedTables tables, Visibility visibility, TrinoQueries queries, Limits limits, DataConfig config)
    {
        this.tables = requireNonNull(tables, "tables is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.meshCatalog = config.getMeshCatalog();
        this.timeoutSeconds = (int) Math.max(1, config.getPageTimeout().roundTo(SECONDS));
    }

    public MetricAnswer read(String user, Door door, MetricRequest request)
    {
        limits.admit(user);
        ProductRecord product = tables.product(visibility.viewer(user), request.product());
        Dataset dataset = product.descriptor().spec().datasets().stream()
                .filter(candidate -> candidate.name().equals(request.metric()) && candidate.hasMetric())
                .findFirst()
                .orElseThrow(() -> ServiceException.notFound("product '%s' has no metric '%s'; its metrics are %s".formatted(
                        request.product(), request.metric(), metricNames(product))));
        Metric metric = dataset.metric();
        Map<String, ContractType> types = new LinkedHashMap<>();
        for (Column column : dataset.columns()) {
            types.put(column.name(), ContractType.of(column.type()));
        }
        List<Violation> violations = new ArrayList<>();
        List<String> by = by(request.by(), metric, violations);
        Optional<String> time = metric.dimensions().stream()
                .filter(dimension -> Optional.ofNullable(types.get(dimension)).map(type -> type.kind() == ContractType.Kind.DATE || type.kind() == ContractType.Kind.TIMESTAMP || type.kind() == ContractType.Kind.TIMESTAMP_TZ).orElse(false))
                .findFirst();
        List<String> conditions = new ArrayList<>();
        bound("from", request.from(), ">=", time, types, conditions, violations);
        bound("to", request.to(), "<", time, types, conditions, violations);
        if (!violations.isEmpty()) {
            throw ServiceException.badRequest("the request does not fit metric '%s' of product '%s'".formatted(request.metric(), request.product()), violations);
        }

        String relation = "%s.%s.%s".formatted(identifier(meshCatalog), identifier(product.name()), identifier(dataset.name()));
        boolean all = Set.copyOf(by).equals(Set.copyOf(metric.dimensions()));
        String dimensions = by.stream().map(dimension -> identifier(dimension)).collect(joining(", "));
        String measure = all ? identifier(metric.measure()) : "sum(%s) AS %s".formatted(identifier(metric.measure()), identifier(metric.measure()));
        StringBuilder sql = new StringBuilder("SELECT ").append(by.isEmpty() ? measure : dimensions + ", " + measure).append(" FROM ").append(relation);
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        if (!all && !by.isEmpty()) {
            sql.append(" GROUP BY ").append(dimensions);
        }
        if (!by.isEmpty()) {
            sql.append(" ORDER BY ").append(by.stream().map(dimension -> identifier(dimension) + " NULLS LAST").collect(joining(", ")));
        }
        sql.append(" LIMIT ").append(request.limit() + 1);

        List<ResultColumn> columns = new ArrayList<>();
        by.forEach(dimension -> columns.add(new ResultColumn(dimension, types.get(dimension))));
        // A sum widens the measure (integers to bigint, decimals to decimal(38, s)): read it as what the sum returns.
        ContractType measureType = types.getOrDefault(metric.measure(), ContractType.of("double"));
        columns.add(new ResultColumn(metric.measure(), all ? measureType : summed(measureType)));
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean truncated = false;
        String table = "%s.%s".formatted(product.name(), dataset.name());
        try (RunningQuery running = queries.start(user, door, sql.toString(), timeoutSeconds, table)) {
            RowReader reader = new RowReader(columns);
            try {
                while (running.results().next()) {
                    if (rows.size() == request.limit()) {
                        truncated = true;
                        break;
                    }
                    Object[] values = reader.read(running.results());
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        row.put(columns.get(i).name(), json(values[i]));
                    }
                    rows.add(row);
                }
            }
            catch (SQLException e) {
                running.failed();
                throw TrinoQueries.failure(e, table);
            }
        }
        return new MetricAnswer(product.name(), product.metadata().version(), dataset.name(), dataset.description(), metric.measure(), metric.unit(), metric.grain(),
                metric.dimensions(), by, request.from().orElse(null), request.to().orElse(null), rows, rows.size(), truncated);
    }

    private static List<String> by(List<String> requested, Metric metric, List<Violation> violations)
    {
        if (requested.isEmpty()) {
            return metric.dimensions();
        }
        Set<String> by = new LinkedHashSet<>();
        for (String dimension : requested) {
            if (!metric.dimensions().contains(dimension)) {
                violations.add(new Violation("by", dimension, "is not a dimension of this metric; its dimensions are %s".formatted(
                        metric.dimensions().isEmpty() ? "none (it is a single value)" : String.join(", ", metric.dimensions()))));
            }
            else if (!by.add(dimension)) {
                violations.add(new Violation("by", dimension, "is listed twice"));
            }
        }
        return List.copyOf(by);
    }

    private static void bound(String name, Optional<String> value, String operator, Optional<String> time, Map<String, ContractType> types, List<String> conditions, List<Violation> violations)
    {
        if (value.isEmpty()) {
            return;
        }
        if (time.isEmpty()) {
            violations.add(new Violation(name, value.orElseThrow(), "this metric has no date or timestamp dimension to bound"));
            return;
        }
        ContractType type = types.get(time.orElseThrow());
        try {
            conditions.add("%s %s %s".formatted(identifier(time.orElseThrow()), operator, type.literal(value.orElseThrow())));
        }
        catch (IllegalArgumentException e) {
            violations.add(new Violation(name, value.orElseThrow(), "bounds dimension %s, a %s: the value %s".formatted(time.orElseThrow(), type.sqlType(), e.getMessage())));
        }
    }

    private static ContractType summed(ContractType type)
    {
        return switch (type.kind()) {
            case INTEGER -> ContractType.of("bigint");
            case DECIMAL -> ContractType.of("decimal(38,%s)".formatted(type.scale()));
            default -> ContractType.of("double");
        };
    }

    /** A value as the JSON answer carries it: numbers and booleans as they are, dates and times as ISO text. */
    private static Object json(Object value)
    {
        return switch (value) {
            case null -> null;
            case Long _, Double _, Boolean _, BigDecimal _, String _ -> value;
            case List<?> _, Map<?, ?> _ -> value;
            default -> Values.text(value);
        };
    }

    private static String metricNames(ProductRecord product)
    {
        List<String> names = product.descriptor().spec().datasets().stream().filter(Dataset::hasMetric).map(Dataset::name).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
