package dev.trinomesh.api.model;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters a pipeline step's SQL may use, written {@code ${name}}: the run's time window as
 * {@code TIMESTAMP '...' } literals ({@code window_start} inclusive, {@code window_end} exclusive) and the run's id.
 * They are replaced before the statement is parsed, so a value is always a literal, never SQL of the caller's.
 */
public final class PipelineParameters
{
    public static final String WINDOW_START = "window_start";
    public static final String WINDOW_END = "window_end";
    public static final String RUN_ID = "run_id";
    public static final Set<String> NAMES = Set.of(WINDOW_START, WINDOW_END, RUN_ID);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private PipelineParameters() {}

    /** The placeholders of {@code sql} that name no parameter, in order of name. */
    public static Set<String> unknown(String sql)
    {
        Set<String> unknown = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(sql);
        while (matcher.find()) {
            if (!NAMES.contains(matcher.group(1))) {
                unknown.add(matcher.group(1));
            }
        }
        return unknown;
    }

    /** {@code sql} with every placeholder replaced by its value; fails naming the first unknown one. */
    public static String substitute(String sql, Map<String, String> values)
    {
        Matcher matcher = PLACEHOLDER.matcher(sql);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown parameter ${%s}: a step may use %s".formatted(matcher.group(1), String.join(", ", new TreeSet<>(NAMES).stream().map(name -> "${" + name + "}").toList())));
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
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
