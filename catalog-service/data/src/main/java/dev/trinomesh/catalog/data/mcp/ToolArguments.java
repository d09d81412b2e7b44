package dev.trinomesh.catalog.data.mcp;

import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * A tool call's arguments as the client sent them (JSON: strings, numbers, booleans, lists and objects), read with
 * every problem collected before the call is refused as a bad request, as the HTTP API's query parameters are. The
 * SDK checks them against the tool's input schema first; this is what the schema cannot say.
 */
public final class ToolArguments
{
    private final String tool;
    private final Map<String, Object> arguments;
    private final List<Violation> violations = new ArrayList<>();

    ToolArguments(String tool, Map<String, Object> arguments)
    {
        this.tool = requireNonNull(tool, "tool is null");
        this.arguments = arguments == null ? Map.of() : arguments;
    }

    /** A non-blank text argument; {@code explanation} says what it is when it is missing. */
    String required(String name, String explanation)
    {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            violations.add(new Violation(name, null, "is required: " + explanation));
            return "";
        }
        return value.orElseThrow();
    }

    /** A text argument, stripped; empty when absent or blank. Numbers and booleans are taken as their text. */
    Optional<String> text(String name)
    {
        Object value = arguments.get(name);
        if (value == null) {
            return Optional.empty();
        }
        Optional<String> text = scalar(value);
        if (text.isEmpty()) {
            violations.add(new Violation(name, String.valueOf(value), "must be a string"));
            return Optional.empty();
        }
        return text.map(String::strip).filter(stripped -> !stripped.isEmpty());
    }

    /** A whole number from {@code min} to {@code max}; empty when absent. */
    OptionalInt integer(String name, int min, int max)
    {
        Object value = arguments.get(name);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            BigDecimal number = new BigDecimal(scalar(value).orElse("").strip());
            if (number.compareTo(BigDecimal.valueOf(min)) >= 0 && number.compareTo(BigDecimal.valueOf(max)) <= 0) {
                return OptionalInt.of(number.intValueExact());
            }
        }
        catch (NumberFormatException | ArithmeticException ignored) {
            // reported below
        }
        violations.add(new Violation(name, String.valueOf(value), "must be a whole number from %s to %,d".formatted(min, max)));
        return OptionalInt.empty();
    }

    /** A list of texts, given as a list or as one text of comma-separated items; empty when absent. */
    List<String> list(String name)
    {
        Object value = arguments.get(name);
        List<String> items = new ArrayList<>();
        switch (value) {
            case null -> {}
            case List<?> list -> {
                for (Object item : list) {
                    Optional<String> text = item == null ? Optional.empty() : scalar(item);
                    if (text.isEmpty() || text.orElseThrow().isBlank()) {
                        violations.add(new Violation(name, String.valueOf(item), "must be a list of non-empty strings"));
                    }
                    else {
                        items.add(text.orElseThrow().strip());
                    }
                }
            }
            default -> scalar(value).ifPresentOrElse(
                    text -> {
                        for (String item : text.split(",")) {
                            if (!item.isBlank()) {
                                items.add(item.strip());
                            }
                        }
                    },
                    () -> violations.add(new Violation(name, String.valueOf(value), "must be a list of strings, or one string of comma-separated items")));
        }
        return List.copyOf(items);
    }

    /**
     * Named values with one or more texts each, given as an object ({@code {"totalprice.gt": 1000, "orderstatus.in":
     * ["F", "O"]}}), or as a list of {@code "name=value"} texts or of objects naming each entry
     * ({@code [{"name": "totalprice.gt", "value": 1000}]}); a name given more than once has all its values.
     */
    Map<String, List<String>> entries(String name)
    {
        return entries(name, _ -> false);
    }

    /**
     * As {@link #entries(String)}, but a list given to a name {@code listIsOneText} accepts is one text of its items
     * separated by commas (a comma or backslash in an item escaped with a backslash), as the data API reads the values
     * of {@code in} and {@code between}.
     */
    Map<String, List<String>> entries(String name, Predicate<String> listIsOneText)
    {
        Object value = arguments.get(name);
        Map<String, List<String>> entries = new LinkedHashMap<>();
        switch (value) {
            case null -> {}
            case Map<?, ?> map -> map.forEach((key, values) -> add(name + "." + key, String.valueOf(key), values, entries, listIsOneText));
            case List<?> list -> {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> entry && entry.get("name") instanceof String key && entry.containsKey("value")) {
                        add(name + "." + key, key, entry.get("value"), entries, listIsOneText);
                    }
                    else if (item instanceof String text && text.indexOf('=') > 0) {
                        String key = text.substring(0, text.indexOf('='));
                        add(name + "." + key, key, text.substring(text.indexOf('=') + 1), entries, listIsOneText);
                    }
                    else {
                        violations.add(new Violation(name, String.valueOf(item), "each item must be \"<name>=<value>\" or an object with a name and a value, e.g. {\"name\": \"totalprice.gt\", \"value\": 1000}"));
                    }
                }
            }
            default -> violations.add(new Violation(name, String.valueOf(value), "must be an object of name to value, or a list of {name, value} objects"));
        }
        return entries;
    }

    private void add(String path, String key, Object value, Map<String, List<String>> entries, Predicate<String> listIsOneText)
    {
        if (value == null || (value instanceof List<?> list && list.isEmpty())) {
            violations.add(new Violation(path, String.valueOf(value), "must have a value"));
            return;
        }
        List<String> texts = new ArrayList<>();
        for (Object item : value instanceof List<?> list ? list : List.of(value)) {
            Optional<String> text = item == null ? Optional.empty() : scalar(item);
            if (text.isEmpty()) {
                violations.add(new Violation(path, String.valueOf(item), "must be a string, a number or a boolean (or a list of them)"));
            }
            else {
                texts.add(text.orElseThrow());
            }
        }
        if (value instanceof List<?> && listIsOneText.test(key.strip())) {
            texts = List.of(texts.stream().map(text -> text.replace("\\", "\\\\").replace(",", "\\,")).collect(joining(",")));
        }
        entries.computeIfAbsent(key.strip(), _ -> new ArrayList<>()).addAll(texts);
    }

    /** Records a problem this class does not find itself. */
    void violation(String name, String value, String rule)
    {
        violations.add(new Violation(name, value, rule));
    }

    /** Refuses the call when anything was wrong: a bad request naming every problem. */
    void check()
    {
        if (!violations.isEmpty()) {
            throw ServiceException.badRequest("the arguments of %s do not fit it (%s problem%s)".formatted(tool, violations.size(), violations.size() == 1 ? "" : "s"), List.copyOf(violations));
        }
    }

    /** A JSON scalar as text: numbers in plain notation (never 1.0E20), booleans as true or false. */
    private static Optional<String> scalar(Object value)
    {
        return switch (value) {
            case String text -> Optional.of(text);
            case Boolean bool -> Optional.of(bool.toString());
            case BigDecimal number -> Optional.of(number.toPlainString());
            case Double number when number.isNaN() || number.isInfinite() -> Optional.empty();
            case Float number when number.isNaN() || number.isInfinite() -> Optional.empty();
            case Number number -> Optional.of(plain(number));
            default -> Optional.empty();
        };
    }

    private static String plain(Number number)
    {
        BigDecimal decimal = new BigDecimal(number.toString());
        return decimal.scale() > 0 ? decimal.stripTrailingZeros().toPlainString() : decimal.toPlainString();
    }
}
