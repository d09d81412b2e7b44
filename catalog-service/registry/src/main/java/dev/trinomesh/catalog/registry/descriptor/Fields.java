package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.model.Violation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the fields of one object of a descriptor tree, recording a {@link Violation} with the full path
 * for every missing, mistyped, malformed or unknown field, so that one pass reports every problem.
 */
final class Fields
{
    private final JsonNode node;
    private final String path;
    private final List<Violation> violations;

    private Fields(JsonNode node, String path, List<Violation> violations)
    {
        this.node = node;
        this.path = path;
        this.violations = violations;
    }

    /** The object at {@code path}, or empty (with a violation) when {@code node} is not an object. */
    static Optional<Fields> object(JsonNode node, String path, Set<String> allowed, List<Violation> violations)
    {
        if (node == null || !node.isObject()) {
            violations.add(new Violation(path, render(node), "must be an object"));
            return Optional.empty();
        }
        Fields fields = new Fields(node, path, violations);
        fields.rejectUnknown(allowed);
        return Optional.of(fields);
    }

    String path()
    {
        return path;
    }

    String path(String field)
    {
        if (field.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? field : path + "." + field;
    }

    List<Violation> violations()
    {
        return violations;
    }

    boolean has(String field)
    {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    JsonNode get(String field)
    {
        return node.get(field);
    }

    void violation(String field, JsonNode value, String rule)
    {
        violations.add(new Violation(path(field), render(value), rule));
    }

    Optional<String> requiredText(String field, Pattern pattern, String rule)
    {
        if (!has(field)) {
            violations.add(new Violation(path(field), null, "is required; " + rule));
            return Optional.empty();
        }
        return optionalText(field, pattern, rule);
    }

    Optional<String> optionalText(String field, Pattern pattern, String rule)
    {
        Optional<String> text = optionalText(field);
        if (text.isPresent() && pattern != null && !pattern.matcher(text.orElseThrow()).matches()) {
            violation(field, node.get(field), rule);
            return Optional.empty();
        }
        return text;
    }

    Optional<String> optionalText(String field)
    {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        // YAML reads `version: 1.0` or `name: 2024` as numbers; judge them by their text instead.
        if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
            violation(field, value, "must be a string");
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    Optional<Boolean> optionalBoolean(String field)
    {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            violation(field, value, "must be true or false");
            return Optional.empty();
        }
        return Optional.of(value.asBoolean());
    }

    Optional<Double> optionalNumber(String field)
    {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (!value.isNumber()) {
            violation(field, value, "must be a number");
            return Optional.empty();
        }
        return Optional.of(value.asDouble());
    }

    /** Visits each element of a list field with its path; a lone value is not accepted as a list. */
    void eachElement(String field, boolean required, Consumer<Element> visitor)
    {
        if (!has(field)) {
            if (required) {
                violations.add(new Violation(path(field), null, "is required and must be a non-empty list"));
            }
            return;
        }
        JsonNode value = node.get(field);
        if (!value.isArray()) {
            violation(field, value, "must be a list");
            return;
        }
        if (required && value.isEmpty()) {
            violation(field, value, "must not be empty");
        }
        for (int i = 0; i < value.size(); i++) {
            visitor.accept(new Element(value.get(i), "%s[%s]".formatted(path(field), i)));
        }
    }

    /** A list of strings that may also be written as a single string. */
    List<String> textList(String field, Pattern pattern, String rule)
    {
        List<String> values = new ArrayList<>();
        if (!has(field)) {
            return values;
        }
        JsonNode value = node.get(field);
        if (value.isTextual()) {
            checkText(value, path(field), pattern, rule).ifPresent(values::add);
            return values;
        }
        if (!value.isArray()) {
            violation(field, value, "must be a string or a list of strings");
            return values;
        }
        for (int i = 0; i < value.size(); i++) {
            String elementPath = "%s[%s]".formatted(path(field), i);
            Optional<String> element = checkText(value.get(i), elementPath, pattern, rule);
            if (element.isPresent() && values.contains(element.orElseThrow())) {
                violations.add(new Violation(elementPath, element.orElseThrow(), "is listed twice"));
            }
            element.ifPresent(values::add);
        }
        return values;
    }

    private Optional<String> checkText(JsonNode value, String elementPath, Pattern pattern, String rule)
    {
        if (!value.isTextual()) {
            violations.add(new Violation(elementPath, render(value), "must be a string"));
            return Optional.empty();
        }
        if (pattern != null && !pattern.matcher(value.asText()).matches()) {
            violations.add(new Violation(elementPath, value.asText(), rule));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    private void rejectUnknown(Set<String> allowed)
    {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String suggestion = Suggestions.closest(name, allowed)
                        .map(candidate -> "did you mean '%s'? ".formatted(candidate))
                        .orElse("");
                violations.add(new Violation(path(name), null, "unknown field; %sallowed here: %s".formatted(suggestion, String.join(", ", allowed.stream().sorted().toList()))));
            }
        }
    }

    static String render(JsonNode value)
    {
        if (value == null || value.isMissingNode()) {
            return null;
        }
        String text = value.isTextual() ? value.asText() : value.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    record Element(JsonNode node, String path) {}
}
