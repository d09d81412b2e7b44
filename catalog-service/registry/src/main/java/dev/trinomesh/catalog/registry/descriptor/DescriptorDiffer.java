package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.trinomesh.api.model.DescriptorChange;
import dev.trinomesh.api.model.DescriptorChange.Kind;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A readable structural diff of two descriptor trees. Lists of named entries (datasets, columns,
 * checks) are matched by name, so a change reads {@code spec.datasets[orders].columns[amount].type}
 * rather than an index; a reordering of named entries is reported once as an order change.
 */
public final class DescriptorDiffer
{
    private DescriptorDiffer() {}

    public static List<DescriptorChange> diff(JsonNode before, JsonNode after)
    {
        List<DescriptorChange> changes = new ArrayList<>();
        diff("", orNull(before), orNull(after), changes);
        return changes;
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<DescriptorChange> changes)
    {
        if (before.equals(after)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            diffObjects(path, before, after, changes);
        }
        else if (before.isArray() && after.isArray() && isNamedList(before) && isNamedList(after)) {
            diffNamedLists(path, before, after, changes);
        }
        else if (before.isArray() && after.isArray() && allScalars(before) && allScalars(after)) {
            diffScalarLists(path, before, after, changes);
        }
        else if (before.isNull()) {
            changes.add(new DescriptorChange(path, Kind.ADDED, null, plain(after)));
        }
        else if (after.isNull()) {
            changes.add(new DescriptorChange(path, Kind.REMOVED, plain(before), null));
        }
        else {
            changes.add(new DescriptorChange(path, Kind.CHANGED, plain(before), plain(after)));
        }
    }

    private static void diffObjects(String path, JsonNode before, JsonNode after, List<DescriptorChange> changes)
    {
        Set<String> names = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            diff(path.isEmpty() ? name : path + "." + name, orNull(before.get(name)), orNull(after.get(name)), changes);
        }
    }

    private static void diffNamedLists(String path, JsonNode before, JsonNode after, List<DescriptorChange> changes)
    {
        Map<String, JsonNode> beforeByName = byName(before);
        Map<String, JsonNode> afterByName = byName(after);
        for (Map.Entry<String, JsonNode> entry : beforeByName.entrySet()) {
            String entryPath = "%s[%s]".formatted(path, entry.getKey());
            diff(entryPath, entry.getValue(), afterByName.getOrDefault(entry.getKey(), NullNode.getInstance()), changes);
        }
        for (Map.Entry<String, JsonNode> entry : afterByName.entrySet()) {
            if (!beforeByName.containsKey(entry.getKey())) {
                changes.add(new DescriptorChange("%s[%s]".formatted(path, entry.getKey()), Kind.ADDED, null, plain(entry.getValue())));
            }
        }
        List<String> commonBefore = beforeByName.keySet().stream().filter(afterByName::containsKey).toList();
        List<String> commonAfter = afterByName.keySet().stream().filter(beforeByName::containsKey).toList();
        if (!commonBefore.equals(commonAfter)) {
            changes.add(new DescriptorChange(path + "(order)", Kind.CHANGED, String.join(", ", commonBefore), String.join(", ", commonAfter)));
        }
    }

    private static void diffScalarLists(String path, JsonNode before, JsonNode after, List<DescriptorChange> changes)
    {
        List<JsonNode> beforeValues = elements(before);
        List<JsonNode> afterValues = elements(after);
        beforeValues.stream().filter(value -> !afterValues.contains(value))
                .forEach(value -> changes.add(new DescriptorChange(path, Kind.REMOVED, plain(value), null)));
        afterValues.stream().filter(value -> !beforeValues.contains(value))
                .forEach(value -> changes.add(new DescriptorChange(path, Kind.ADDED, null, plain(value))));
    }

    private static boolean isNamedList(JsonNode list)
    {
        if (list.isEmpty()) {
            return true;
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode element : list) {
            Optional<String> name = nameOf(element);
            if (name.isEmpty() || !names.add(name.orElseThrow())) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> nameOf(JsonNode element)
    {
        // Quality checks without a name are named by their kind and column.
        return QualityChecks.checkName(element);
    }

    private static Map<String, JsonNode> byName(JsonNode list)
    {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (JsonNode element : list) {
            entries.put(nameOf(element).orElseThrow(), element);
        }
        return entries;
    }

    private static boolean allScalars(JsonNode list)
    {
        for (JsonNode element : list) {
            if (!element.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    private static List<JsonNode> elements(JsonNode list)
    {
        List<JsonNode> values = new ArrayList<>();
        Iterator<JsonNode> iterator = list.elements();
        iterator.forEachRemaining(values::add);
        return values;
    }

    private static JsonNode orNull(JsonNode node)
    {
        return node == null || node.isMissingNode() ? NullNode.getInstance() : node;
    }

    // Scalars as plain Java values (so JSON shows "x" and 3, not a node), containers as trees.
    private static Object plain(JsonNode node)
    {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return node;
    }
}
