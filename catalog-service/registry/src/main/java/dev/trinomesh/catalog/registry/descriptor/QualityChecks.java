package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.api.quality.CheckKind;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.trinomesh.catalog.registry.descriptor.Names.COLUMN;
import static dev.trinomesh.catalog.registry.descriptor.Names.COLUMN_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.DURATION;
import static dev.trinomesh.catalog.registry.descriptor.Names.DURATION_RULE;
import static dev.trinomesh.catalog.registry.descriptor.Names.IDENTIFIER;
import static dev.trinomesh.catalog.registry.descriptor.Names.IDENTIFIER_RULE;

/** Validation of the quality checks a dataset declares: the parameters each kind takes, and how checks are named. */
public final class QualityChecks
{
    private static final Set<String> COMMON = Set.of("check", "name", "blocking");

    private static final Map<CheckKind, Set<String>> PARAMETERS = Map.of(
            CheckKind.ROW_COUNT, Set.of("min", "max"),
            CheckKind.NOT_NULL, Set.of("column"),
            CheckKind.MISSING_RATE, Set.of("column", "max"),
            CheckKind.UNIQUE, Set.of("column", "columns"),
            CheckKind.ACCEPTED_VALUES, Set.of("column", "values"),
            CheckKind.RANGE, Set.of("column", "min", "max"),
            CheckKind.REGEX, Set.of("column", "pattern"),
            CheckKind.FRESHNESS, Set.of("column", "maxAge"),
            CheckKind.SCHEMA, Set.of(),
            CheckKind.SQL, Set.of("query", "expect"));

    private static Set<String> allowedFields(CheckKind kind)
    {
        Set<String> fields = new HashSet<>(COMMON);
        fields.addAll(PARAMETERS.get(kind));
        return fields;
    }

    private QualityChecks() {}

    static void validate(Fields.Element element, Map<String, String> columnTypes, boolean datasetHasFreshness, Set<String> checkNames, List<Violation> violations)
    {
        JsonNode node = element.node();
        JsonNode checkField = node == null ? null : node.get("check");
        Optional<CheckKind> kind = checkField != null && checkField.isTextual() ? CheckKind.of(checkField.asText()) : Optional.empty();
        if (kind.isEmpty()) {
            String suggestion = checkField != null && checkField.isTextual()
                    ? Suggestions.closest(checkField.asText(), CheckKind.wireNames()).map(name -> "did you mean '%s'? ".formatted(name)).orElse("")
                    : "";
            violations.add(new Violation(element.path() + ".check", Fields.render(checkField), "%smust be one of %s".formatted(suggestion, String.join(", ", CheckKind.wireNames()))));
            return;
        }
        Fields.object(node, element.path(), allowedFields(kind.orElseThrow()), violations).ifPresent(check -> {
            check.optionalText("name", IDENTIFIER, IDENTIFIER_RULE);
            String name = checkName(node).orElseThrow();
            if (!checkNames.add(name)) {
                check.violation("name", check.get("name"), "another check of this dataset is already named '%s'; give each check a distinct name".formatted(name));
            }
            check.optionalBoolean("blocking");
            validateParameters(kind.orElseThrow(), check, columnTypes, datasetHasFreshness);
        });
    }

    /**
     * The name of a check: its {@code name}, or when it has none, its kind and column
     * (e.g. {@code not_null_customer_id}). Empty when the node is no check.
     */
    public static Optional<String> checkName(JsonNode check)
    {
        if (check == null || !check.isObject()) {
            return Optional.empty();
        }
        JsonNode name = check.get("name");
        if (name != null && name.isTextual()) {
            return Optional.of(name.asText());
        }
        JsonNode kind = check.get("check");
        JsonNode column = check.get("column");
        if (kind == null || !kind.isTextual()) {
            return Optional.empty();
        }
        return Optional.of(column != null && column.isTextual() ? kind.asText() + "_" + column.asText() : kind.asText());
    }

    private static void validateParameters(CheckKind kind, Fields check, Map<String, String> columnTypes, boolean datasetHasFreshness)
    {
        switch (kind) {
            case ROW_COUNT -> requireBounds(check);
            case NOT_NULL -> requireColumn(check, columnTypes);
            case MISSING_RATE -> {
                requireColumn(check, columnTypes);
                requireFraction(check, "max");
            }
            case UNIQUE -> {
                if (check.has("column") == check.has("columns")) {
                    check.violation("", null, "a unique check needs exactly one of 'column' and 'columns'");
                }
                else if (check.has("column")) {
                    requireColumn(check, columnTypes);
                }
                else {
                    List<String> columns = check.textList("columns", COLUMN, COLUMN_RULE);
                    columns.stream()
                            .filter(column -> !columnTypes.containsKey(column))
                            .forEach(column -> check.violation("columns", check.get("columns"), "names no column of this dataset: " + column));
                }
            }
            case ACCEPTED_VALUES -> {
                requireColumn(check, columnTypes);
                JsonNode values = check.get("values");
                if (values == null || !values.isArray() || values.isEmpty() || !allScalars(values)) {
                    check.violation("values", values, "must be a non-empty list of values");
                }
            }
            case RANGE -> {
                requireColumn(check, columnTypes);
                requireBounds(check);
            }
            case REGEX -> {
                requireColumn(check, columnTypes);
                check.requiredText("pattern", null, "a regular expression the values must match")
                        .flatMap(DescriptorValidator::checkRegex)
                        .ifPresent(problem -> check.violation("pattern", check.get("pattern"), problem));
            }
            case FRESHNESS -> {
                check.optionalText("column").ifPresent(column -> DescriptorValidator.checkTemporalColumn(check, "column", column, columnTypes));
                check.optionalText("maxAge", DURATION, DURATION_RULE);
                if (!check.has("maxAge") && !datasetHasFreshness) {
                    check.violation("maxAge", null, "is required when the dataset declares no freshness.maxAge: how old the newest data may be");
                }
            }
            case SCHEMA -> { }
            case SQL -> {
                if (!check.has("name")) {
                    check.violation("name", null, "is required for a sql check: it identifies the check in results");
                }
                check.requiredText("query", null, "a query returning one number, with {dataset} standing for the dataset")
                        .filter(query -> !query.contains("{dataset}"))
                        .ifPresent(query -> check.violation("query", check.get("query"), "must refer to the dataset as {dataset}"));
                if (check.optionalNumber("expect").isEmpty() && !check.has("expect")) {
                    check.violation("expect", null, "is required: the number the query must return");
                }
            }
        }
    }

    private static void requireColumn(Fields check, Map<String, String> columnTypes)
    {
        check.requiredText("column", COLUMN, COLUMN_RULE).ifPresent(column -> {
            if (!columnTypes.containsKey(column)) {
                check.violation("column", check.get("column"), "names no column of this dataset; columns: " + String.join(", ", columnTypes.keySet()));
            }
        });
    }

    private static void requireBounds(Fields check)
    {
        Optional<Double> min = check.optionalNumber("min");
        Optional<Double> max = check.optionalNumber("max");
        if (!check.has("min") && !check.has("max")) {
            check.violation("", null, "needs 'min', 'max' or both");
        }
        if (min.isPresent() && max.isPresent() && min.orElseThrow() > max.orElseThrow()) {
            check.violation("min", check.get("min"), "must not be greater than max (%s)".formatted(max.orElseThrow()));
        }
    }

    private static void requireFraction(Fields check, String field)
    {
        Optional<Double> value = check.optionalNumber(field);
        if (!check.has(field)) {
            check.violation(field, null, "is required: a fraction between 0 and 1");
        }
        value.filter(fraction -> fraction < 0 || fraction > 1)
                .ifPresent(_ -> check.violation(field, check.get(field), "must be a fraction between 0 and 1"));
    }

    private static boolean allScalars(JsonNode values)
    {
        for (JsonNode value : values) {
            if (!value.isValueNode() || value.isNull()) {
                return false;
            }
        }
        return true;
    }
}
