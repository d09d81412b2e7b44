package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.model.Metric;
import dev.trinomesh.api.model.Violation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.trinomesh.catalog.registry.descriptor.Names.COLUMN;
import static dev.trinomesh.catalog.registry.descriptor.Names.COLUMN_RULE;

/**
 * Validation of a dataset's {@code metric} block (the semantic layer): a metric is defined by a query
 * ({@code source.sql}), its measure is a numeric column, its dimensions are its other columns, and its
 * grain is one of {@link Metric#GRAINS}.
 */
final class Metrics
{
    private static final Set<String> METRIC_FIELDS = Set.of("measure", "unit", "dimensions", "grain");
    private static final Set<String> NUMERIC = Set.of("tinyint", "smallint", "integer", "bigint", "real", "double");
    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\d+,\\d+\\)");
    private static final String NUMERIC_RULE = "an integer type, decimal, real or double";

    private Metrics() {}

    /** Checks {@code dataset.metric} against the dataset's source and its declared columns (name to type). */
    static void validate(Fields dataset, Map<String, String> columnTypes)
    {
        JsonNode source = dataset.get("source");
        if (source != null && source.isObject() && source.has("table") && !source.has("sql")) {
            dataset.violation("source.table", source.get("table"),
                    "a metric is defined by a query: replace source.table with source.sql, a SELECT over other datasets that computes the measure by its dimensions");
        }
        Fields.object(dataset.get("metric"), dataset.path("metric"), METRIC_FIELDS, dataset.violations()).ifPresent(metric -> {
            Optional<String> measure = metric.requiredText("measure", COLUMN, COLUMN_RULE + "; it names the column holding the metric's values")
                    .filter(name -> checkMeasure(metric, name, columnTypes));
            metric.optionalText("unit").filter(String::isBlank)
                    .ifPresent(_ -> metric.violation("unit", metric.get("unit"), "must not be blank: write the unit, e.g. USD, or leave the field out"));
            List<String> dimensions = metric.textList("dimensions", COLUMN, COLUMN_RULE);
            JsonNode listed = metric.get("dimensions");
            for (int i = 0; listed != null && i < (listed.isArray() ? listed.size() : 1); i++) {
                JsonNode element = listed.isArray() ? listed.get(i) : listed;
                String path = listed.isArray() ? "%s[%s]".formatted(metric.path("dimensions"), i) : metric.path("dimensions");
                if (!element.isTextual() || !COLUMN.matcher(element.asText()).matches()) {
                    continue;
                }
                String dimension = element.asText();
                if (!columnTypes.containsKey(dimension)) {
                    metric.violations().add(new Violation(path, dimension, "names no column of this dataset; declare it under columns, or remove it; columns: "
                            + String.join(", ", columnTypes.keySet())));
                }
                else if (measure.isPresent() && measure.orElseThrow().equals(dimension)) {
                    metric.violations().add(new Violation(path, dimension, "is the measure; a dimension is another column, one the measure is broken down by"));
                }
            }
            metric.optionalText("grain").ifPresent(grain -> checkGrain(metric, grain, dimensions, columnTypes));
            measure.ifPresent(name -> checkEveryColumnHasARole(dataset, name, dimensions));
        });
    }

    private static boolean checkMeasure(Fields metric, String measure, Map<String, String> columnTypes)
    {
        String type = columnTypes.get(measure);
        if (type == null) {
            metric.violation("measure", metric.get("measure"), "names no column of this dataset; declare the measure under columns; columns: " + String.join(", ", columnTypes.keySet()));
            return false;
        }
        if (TrinoTypes.check(type).isPresent()) {
            // The column's type is reported where it is declared.
            return true;
        }
        if (!isNumeric(type)) {
            metric.violation("measure", metric.get("measure"), "must name a numeric column (%s), but %s is %s; choose the column holding the values, or change its type".formatted(NUMERIC_RULE, measure, type));
        }
        return true;
    }

    private static void checkGrain(Fields metric, String grain, List<String> dimensions, Map<String, String> columnTypes)
    {
        if (!Metric.GRAINS.contains(grain)) {
            metric.violation("grain", metric.get("grain"), "must be one of " + String.join(", ", Metric.GRAINS));
            return;
        }
        boolean temporalDimension = dimensions.stream()
                .map(columnTypes::get)
                .anyMatch(type -> type != null && (type.equals("date") || type.startsWith("timestamp")));
        if (!temporalDimension) {
            metric.violation("grain", metric.get("grain"), "is the granularity of a date or timestamp dimension, but the metric has none; add one to dimensions or leave grain out");
        }
    }

    /** A metric's rows are its measure by its dimensions: a column that is neither is another measure. */
    private static void checkEveryColumnHasARole(Fields dataset, String measure, List<String> dimensions)
    {
        JsonNode columns = dataset.get("columns");
        if (columns == null || !columns.isArray()) {
            return;
        }
        for (int i = 0; i < columns.size(); i++) {
            JsonNode name = columns.get(i).get("name");
            if (name != null && name.isTextual() && !name.asText().equals(measure) && !dimensions.contains(name.asText())) {
                dataset.violation("columns[%s].name".formatted(i), name,
                        "a metric's columns are its measure and its dimensions; add %s to metric.dimensions, or publish it as a metric or dataset of its own".formatted(name.asText()));
            }
        }
    }

    static boolean isNumeric(String type)
    {
        if (TrinoTypes.check(type).isPresent()) {
            return false;
        }
        String canonical = TrinoTypes.canonical(type);
        return NUMERIC.contains(canonical) || DECIMAL.matcher(canonical).matches();
    }
}
