package dev.trinomesh.api.model;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters a pipeline step's SQL may use, written {@code ${name}}: the run's time window as
 * {@code TIMESTAMP '...' } literals ({@code window_start} inclusive, {@code window_end} exclusive), the run's id, and
 * {@code ${changes(<product>.<dataset>)}}, a table of the rows an upstream dataset gained since the last published run
 * ({@link ChangedRows}; the whole dataset on a first run or a backfill). They are replaced before the statement is
 * parsed, so a value is always a literal or a table name, never SQL of the caller's.
 */
public final class PipelineParameters
{
    public static final String WINDOW_START = "window_start";
    public static final String WINDOW_END = "window_end";
    public static final String RUN_ID = "run_id";
    public static final Set<String> NAMES = Set.of(WINDOW_START, WINDOW_END, RUN_ID);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern CHANGES = Pattern.compile("changes\\(([a-z][a-z0-9_]*)\\.([a-z][a-z0-9_]*)\\)");

    private PipelineParameters() {}

    /** The placeholders of {@code sql} that name no parameter, in order of name. */
    public static Set<String> unknown(String sql)
    {
        Set<String> unknown = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(sql);
        while (matcher.find()) {
            if (!NAMES.contains(matcher.group(1)) && !CHANGES.matcher(matcher.group(1)).matches()) {
                unknown.add(matcher.group(1));
            }
        }
        return unknown;
    }

    /** {@code sql} with every placeholder replaced by its value, each {@code changes(p.d)} by the whole dataset {@code mesh.p.d}; fails naming the first unknown one. */
    public static String substitute(String sql, Map<String, String> values)
    {
        return substitute(sql, values, (product, dataset) -> "mesh.%s.%s".formatted(product, dataset));
    }

    /** {@code sql} with every placeholder replaced by its value, each {@code changes(p.d)} by {@code changes.apply(p, d)}; fails naming the first unknown one. */
    public static String substitute(String sql, Map<String, String> values, BiFunction<String, String, String> changes)
    {
        Matcher matcher = PLACEHOLDER.matcher(sql);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            Matcher changed = CHANGES.matcher(matcher.group(1));
            String value = changed.matches() ? changes.apply(changed.group(1), changed.group(2)) : values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown parameter ${%s}: a step may use %s and ${changes(<product>.<dataset>)}".formatted(matcher.group(1),
                        String.join(", ", new TreeSet<>(NAMES).stream().map(name -> "${" + name + "}").toList())));
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** The upstream datasets {@code sql} reads by their changes, as {@code <product>.<dataset>}. */
    public static Set<String> changedDatasets(String sql)
    {
        Set<String> datasets = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(sql);
        while (matcher.find()) {
            Matcher changed = CHANGES.matcher(matcher.group(1));
            if (changed.matches()) {
                datasets.add(changed.group(1) + "." + changed.group(2));
            }
        }
        return datasets;
    }

    /** Sample values, for validating a step's SQL before any run. */
    public static Map<String, String> samples()
    {
        return Map.of(
                WINDOW_START, "TIMESTAMP '2000-01-01 00:00:00.000 UTC'",
                WINDOW_END, "TIMESTAMP '2000-01-02 00:00:00.000 UTC'",
                RUN_ID, "0");
    }
}
