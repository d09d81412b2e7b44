package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.DatasetSql;
import dev.trinomesh.api.quality.CheckKind;
import io.airlift.units.Duration;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;
import static dev.trinomesh.api.policy.SqlLiterals.varchar;
import static java.util.Objects.requireNonNull;

/**
 * The checks of one dataset that read its rows, compiled into aggregates over one scan of its source:
 * {@code SELECT count(*), count_if("id" IS NULL), … FROM <source>}. Each check owns some of the
 * select list and judges its own values, so the scan serves them all, and any one of them can also be
 * measured alone (when the combined query fails, to tell which check is at fault).
 */
final class ScanQuery
{
    /** Kinds measured by aggregating the dataset's rows. Freshness only when it names a column. */
    static final Set<CheckKind> SCAN_KINDS = EnumSet.of(CheckKind.ROW_COUNT, CheckKind.NOT_NULL, CheckKind.MISSING_RATE, CheckKind.UNIQUE,
            CheckKind.ACCEPTED_VALUES, CheckKind.RANGE, CheckKind.REGEX, CheckKind.FRESHNESS);

    /** One check's part of the select list and how it judges the values that part returns. */
    record Part(DeclaredCheck check, List<String> expressions, Function<List<Object>, Evaluation> judge)
    {
        Part
        {
            requireNonNull(check, "check is null");
            expressions = List.copyOf(expressions);
            requireNonNull(judge, "judge is null");
        }
    }

    private final String relation;
    private final List<Part> parts;

    private ScanQuery(String relation, List<Part> parts)
    {
        this.relation = relation;
        this.parts = List.copyOf(parts);
    }

    /** The scan checks of {@code dataset} among {@code checks}; a freshness check without a column falls back to the dataset's freshness column. */
    static ScanQuery of(Dataset dataset, List<DeclaredCheck> checks)
    {
        Map<String, String> types = dataset.columns().stream().collect(Collectors.toMap(Column::name, Column::type));
        Optional<String> freshnessColumn = Optional.ofNullable(dataset.freshness()).map(dev.trinomesh.api.model.Freshness::column);
        Optional<String> freshnessMaxAge = Optional.ofNullable(dataset.freshness()).map(dev.trinomesh.api.model.Freshness::maxAge);
        List<Part> parts = new ArrayList<>();
        for (DeclaredCheck check : checks) {
            if (!SCAN_KINDS.contains(check.kind())) {
                continue;
            }
            if (check.kind() == CheckKind.FRESHNESS) {
                Optional<String> column = check.text("column").or(() -> freshnessColumn);
                if (column.isEmpty()) {
                    continue; // measured from the lake's commits instead
                }
                parts.add(freshness(check, column.orElseThrow(), check.text("maxAge").or(() -> freshnessMaxAge).orElseThrow()));
                continue;
            }
            parts.add(part(check, types));
        }
        // The source itself, not the contract's projection of it: a contracted column the source lacks then
        // fails the schema check and the checks on that column, not every check of the dataset.
        return new ScanQuery(DatasetSql.source(dataset), parts);
    }

    List<Part> parts()
    {
        return parts;
    }

    boolean isEmpty()
    {
        return parts.isEmpty();
    }

    /** The query measuring all parts at once. */
    String sql()
    {
        return sql(parts);
    }

    /** The query measuring one part alone. */
    String sql(Part part)
    {
        return sql(List.of(part));
    }

    private String sql(List<Part> selected)
    {
        String select = selected.stream().flatMap(part -> part.expressions().stream()).collect(Collectors.joining(",\n       "));
        return "SELECT " + select + "\nFROM " + relation;
    }

    private static Part part(DeclaredCheck check, Map<String, String> types)
    {
        return switch (check.kind()) {
            case ROW_COUNT -> {
                Optional<Double> min = check.number("min");
                Optional<Double> max = check.number("max");
                String expected = bounds(min, max);
                yield new Part(check, List.of("count(*)"), values -> {
                    double rows = number(values.get(0));
                    boolean passed = min.map(bound -> rows >= bound).orElse(true) && max.map(bound -> rows <= bound).orElse(true);
                    return Evaluation.of(passed, rows, expected, "%s rows, expected %s".formatted(format(rows), expected));
                });
            }
            case NOT_NULL -> {
                String column = identifier(check.column());
                yield new Part(check, List.of("count_if(%s IS NULL)".formatted(column)), values -> {
                    double nulls = number(values.get(0));
                    return Evaluation.of(nulls == 0, nulls, "0 nulls", "%s rows have no %s".formatted(format(nulls), check.column()));
                });
            }
            case MISSING_RATE -> {
                String column = identifier(check.column());
                double max = check.number("max").orElseThrow();
                String expected = "at most " + format(max);
                yield new Part(check, List.of("count_if(%s IS NULL)".formatted(column), "count(*)"), values -> {
                    double nulls = number(values.get(0));
                    double rows = number(values.get(1));
                    double rate = rows == 0 ? 0 : nulls / rows;
                    return Evaluation.of(rate <= max, rate, expected, "%s of %s rows (%s) have no %s, more than %s".formatted(format(nulls), format(rows), format(rate), check.column(), format(max)));
                });
            }
            case UNIQUE -> {
                List<String> columns = check.text("column").map(List::of).orElseGet(() -> check.list("columns").stream().map(String::valueOf).toList());
                String expression = columns.size() == 1
                        // nulls are not values: only repeated values count
                        ? "count(%1$s) - count(DISTINCT %1$s)".formatted(identifier(columns.getFirst()))
                        : "count(*) - count(DISTINCT ROW(%s))".formatted(columns.stream().map(name -> identifier(name)).collect(Collectors.joining(", ")));
                yield new Part(check, List.of(expression), values -> {
                    double duplicates = number(values.get(0));
                    return Evaluation.of(duplicates == 0, duplicates, "0 duplicates", "%s rows repeat a value of %s that another row has".formatted(format(duplicates), String.join(", ", columns)));
                });
            }
            case ACCEPTED_VALUES -> {
                String column = identifier(check.column());
                String type = types.get(check.column());
                String literals = check.list("values").stream().map(value -> literal(value, type)).collect(Collectors.joining(", "));
                yield violations(check, "%1$s IS NOT NULL AND %1$s NOT IN (%2$s)".formatted(column, literals), "only " + literals, "have a %s outside the accepted values".formatted(check.column()));
            }
            case RANGE -> {
                String column = identifier(check.column());
                Optional<Double> min = check.number("min");
                Optional<Double> max = check.number("max");
                List<String> outside = new ArrayList<>();
                List<String> words = new ArrayList<>();
                min.ifPresent(bound -> {
                    outside.add("%s < %s".formatted(column, format(bound)));
                    words.add("below " + format(bound));
                });
                max.ifPresent(bound -> {
                    outside.add("%s > %s".formatted(column, format(bound)));
                    words.add("above " + format(bound));
                });
                yield violations(check, String.join(" OR ", outside), bounds(min, max), "have a %s %s".formatted(check.column(), String.join(" or ", words)));
            }
            case REGEX -> {
                String column = identifier(check.column());
                String pattern = check.text("pattern").orElseThrow();
                yield violations(check, "%1$s IS NOT NULL AND NOT regexp_like(CAST(%1$s AS varchar), %2$s)".formatted(column, varchar(pattern)),
                        "matching " + pattern, "have a %s not matching %s".formatted(check.column(), pattern));
            }
            default -> throw new IllegalArgumentException("not a scan check: " + check.kind());
        };
    }

    /**
     * A check counting the rows that break it. No offending value is quoted: results and the circuit
     * breaker's message reach people the column's masks would hide it from.
     */
    private static Part violations(DeclaredCheck check, String condition, String expected, String what)
    {
        return new Part(check, List.of("count_if(%s)".formatted(condition)), values -> {
            double count = number(values.get(0));
            return Evaluation.of(count == 0, count, expected, "%s rows %s".formatted(format(count), what));
        });
    }

    private static Part freshness(DeclaredCheck check, String column, String maxAge)
    {
        long maxSeconds = Duration.valueOf(maxAge).roundTo(java.util.concurrent.TimeUnit.SECONDS);
        String newest = "max(CAST(%s AS timestamp(3) with time zone))".formatted(identifier(column));
        List<String> expressions = List.of(
                "date_diff('millisecond', %s, current_timestamp)".formatted(newest),
                "CAST(%s AS varchar)".formatted(newest));
        String expected = "newest %s at most %s old".formatted(column, maxAge);
        return new Part(check, expressions, values -> {
            if (values.get(0) == null) {
                return Evaluation.of(false, null, expected, "no row has a %s".formatted(column));
            }
            double ageSeconds = number(values.get(0)) / 1000;
            return Evaluation.of(ageSeconds <= maxSeconds, ageSeconds, expected, "the newest %s is %s, %s old, older than %s".formatted(column, values.get(1), Ages.describe(ageSeconds), maxAge));
        });
    }

    private static String literal(Object value, String type)
    {
        String normalized = type.toLowerCase(Locale.ROOT);
        boolean text = normalized.startsWith("varchar") || normalized.startsWith("char");
        if (value instanceof Boolean flag) {
            return flag ? "TRUE" : "FALSE";
        }
        if (value instanceof Number number && !text) {
            return format(number.doubleValue());
        }
        String string = value instanceof Number number ? format(number.doubleValue()) : String.valueOf(value);
        return text ? varchar(string) : "CAST(%s AS %s)".formatted(varchar(string), type);
    }

    private static String bounds(Optional<Double> min, Optional<Double> max)
    {
        if (min.isPresent() && max.isPresent()) {
            return "between %s and %s".formatted(format(min.orElseThrow()), format(max.orElseThrow()));
        }
        return min.map(bound -> "at least " + format(bound)).orElseGet(() -> "at most " + format(max.orElseThrow()));
    }

    static double number(Object value)
    {
        if (value == null) {
            return 0;
        }
        return ((Number) value).doubleValue();
    }

    /** A number as people write it: integral values without a fraction. */
    static String format(double value)
    {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.valueOf(value);
    }
}
