package dev.trinomesh.catalog.data.request;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads a request's {@code fields}, {@code order} and filters against a dataset's contract, collecting every problem
 * (each naming its parameter and value) before refusing the request with 400. A filter is a parameter named after a
 * contracted column and an operator, {@code <column>.<operator>=<value>}; {@code <column>=<value>} means {@code eq}.
 */
public final class RequestParser
{
    /** The parameters that are not filters. */
    public static final Set<String> RESERVED = Set.of("fields", "order", "limit", "cursor", "format");
    private static final int MAX_VALUES = 1000;

    private final String dataset;
    private final Map<String, ContractType> columns = new LinkedHashMap<>();
    private final List<Violation> violations = new ArrayList<>();

    public RequestParser(String dataset, List<Column> contract)
    {
        this.dataset = requireNonNull(dataset, "dataset is null");
        contract.forEach(column -> columns.put(column.name(), ContractType.of(column.type())));
    }

    /** The query in {@code parameters} (each parameter with its values in the order sent). */
    public ReadQuery parse(Map<String, List<String>> parameters)
    {
        List<String> fields = fields(single(parameters, "fields"));
        List<SortKey> order = order(single(parameters, "order"));
        List<Filter> filters = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (!RESERVED.contains(name)) {
                List<Filter> made = new ArrayList<>();
                values.forEach(value -> filter(name, value).ifPresent(made::add));
                if (made.size() > 1 && made.getFirst().operator() == FilterOperator.IN) {
                    // A repeated in lists more alternatives, as its description says: one in of them all, not one per parameter.
                    List<String> alternatives = made.stream().flatMap(filter -> filter.values().stream()).toList();
                    if (alternatives.size() > MAX_VALUES) {
                        violations.add(new Violation(name, "%s values".formatted(alternatives.size()), "in takes 1 to %s values in all".formatted(MAX_VALUES)));
                    }
                    filters.add(new Filter(made.getFirst().column(), FilterOperator.IN, alternatives));
                }
                else {
                    filters.addAll(made);
                }
            }
        });
        check();
        return new ReadQuery(fields, filters, order);
    }

    /** Refuses the request when anything was wrong: 400 with every problem. */
    public void check()
    {
        if (!violations.isEmpty()) {
            throw ServiceException.badRequest("the request does not fit the contract of dataset '%s'".formatted(dataset), List.copyOf(violations));
        }
    }

    /** The type of a contracted column, for checking a value elsewhere (a cursor's position). */
    public Optional<ContractType> type(String column)
    {
        return Optional.ofNullable(columns.get(column));
    }

    private Optional<String> single(Map<String, List<String>> parameters, String name)
    {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            violations.add(new Violation(name, String.join(" | ", values), "may be given once (list several columns separated by commas)"));
        }
        return values.stream().findFirst();
    }

    private List<String> fields(Optional<String> value)
    {
        if (value.isEmpty() || value.orElseThrow().isBlank()) {
            return List.copyOf(columns.keySet());
        }
        Set<String> fields = new LinkedHashSet<>();
        for (String field : value.orElseThrow().split(",")) {
            String name = field.strip();
            if (!columns.containsKey(name)) {
                violations.add(new Violation("fields", name, unknownColumn()));
            }
            else if (!fields.add(name)) {
                violations.add(new Violation("fields", name, "is listed twice"));
            }
        }
        return List.copyOf(fields);
    }

    private List<SortKey> order(Optional<String> value)
    {
        if (value.isEmpty() || value.orElseThrow().isBlank()) {
            return List.of();
        }
        List<SortKey> order = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String key : value.orElseThrow().split(",")) {
            String text = key.strip();
            boolean descending = false;
            String column = text;
            int dot = text.lastIndexOf('.');
            if (dot > 0) {
                String direction = text.substring(dot + 1).toLowerCase(Locale.ROOT);
                if (!direction.equals("asc") && !direction.equals("desc")) {
                    violations.add(new Violation("order", text, "must be a column, optionally followed by .asc or .desc"));
                    continue;
                }
                descending = direction.equals("desc");
                column = text.substring(0, dot);
            }
            ContractType type = columns.get(column);
            if (type == null) {
                violations.add(new Violation("order", column, unknownColumn()));
            }
            else if (!type.comparable()) {
                violations.add(new Violation("order", column, "is a %s column, which rows cannot be ordered by".formatted(type.sqlType())));
            }
            else if (!seen.add(column)) {
                violations.add(new Violation("order", column, "is listed twice"));
            }
            else {
                order.add(new SortKey(column, descending));
            }
        }
        return order;
    }

    private Optional<Filter> filter(String parameter, String value)
    {
        String column = parameter;
        FilterOperator operator = FilterOperator.EQ;
        int dot = parameter.lastIndexOf('.');
        if (dot > 0) {
            Optional<FilterOperator> named = FilterOperator.fromWireName(parameter.substring(dot + 1));
            if (named.isEmpty()) {
                violations.add(new Violation(parameter, value, "'%s' is no filter operator; the operators are %s".formatted(parameter.substring(dot + 1), FilterOperator.wireNames())));
                return Optional.empty();
            }
            operator = named.orElseThrow();
            column = parameter.substring(0, dot);
        }
        ContractType type = columns.get(column);
        if (type == null) {
            violations.add(new Violation(parameter, value, "is no parameter of the data API and names no column of dataset '%s' (filters are <column>.<operator>=<value>; %s)"
                    .formatted(dataset, unknownColumn())));
            return Optional.empty();
        }
        if (!type.comparable() && operator != FilterOperator.IS_NULL) {
            violations.add(new Violation(parameter, value, "column %s is a %s, which takes no filter but is_null".formatted(column, type.sqlType())));
            return Optional.empty();
        }
        if (operator == FilterOperator.LIKE && !type.text()) {
            violations.add(new Violation(parameter, value, "like applies to text columns; %s is a %s".formatted(column, type.sqlType())));
            return Optional.empty();
        }
        List<String> values = switch (operator) {
            case IN -> splitList(value);
            case BETWEEN -> splitList(value);
            default -> List.of(value);
        };
        if (operator == FilterOperator.BETWEEN && values.size() != 2) {
            violations.add(new Violation(parameter, value, "between takes two values, low and high, separated by a comma"));
            return Optional.empty();
        }
        if (operator == FilterOperator.IN && (values.isEmpty() || values.size() > MAX_VALUES)) {
            violations.add(new Violation(parameter, value, "in takes 1 to %s values separated by commas".formatted(MAX_VALUES)));
            return Optional.empty();
        }
        if (operator == FilterOperator.IS_NULL) {
            if (!value.strip().equalsIgnoreCase("true") && !value.strip().equalsIgnoreCase("false")) {
                violations.add(new Violation(parameter, value, "is_null takes true (the column is null) or false (it is not)"));
                return Optional.empty();
            }
            return Optional.of(new Filter(column, operator, List.of(value.strip().toLowerCase(Locale.ROOT))));
        }
        if (operator == FilterOperator.LIKE && !escapesValid(value)) {
            violations.add(new Violation(parameter, value, "in a like pattern a backslash escapes %, _ or a backslash, and must be followed by one of them"));
            return Optional.empty();
        }
        boolean valid = true;
        for (String item : values) {
            try {
                type.literal(item);
            }
            catch (IllegalArgumentException e) {
                violations.add(new Violation(parameter, item, "column %s is a %s: the value %s".formatted(column, type.sqlType(), e.getMessage())));
                valid = false;
            }
        }
        return valid ? Optional.of(new Filter(column, operator, values)) : Optional.empty();
    }

    private static boolean escapesValid(String pattern)
    {
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) == '\\') {
                if (i + 1 == pattern.length() || "%_\\".indexOf(pattern.charAt(i + 1)) < 0) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /** Values separated by commas; {@code \,} is a comma within a value and {@code \\} a backslash. */
    static List<String> splitList(String value)
    {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && (value.charAt(i + 1) == ',' || value.charAt(i + 1) == '\\')) {
                current.append(value.charAt(++i));
            }
            else if (c == ',') {
                values.add(current.toString());
                current.setLength(0);
            }
            else {
                current.append(c);
            }
        }
        values.add(current.toString());
        return values;
    }

    private String unknownColumn()
    {
        return "dataset '%s' has no such column; its columns are %s".formatted(dataset, String.join(", ", columns.keySet()));
    }
}
