package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trinomesh.api.descriptor.DescriptorDocuments;

import static java.util.Objects.requireNonNull;

/**
 * One difference between two descriptors, at a path such as {@code spec.datasets[orders].columns[amount].type}
 * (list entries are addressed by name so that reordering is not a change).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DescriptorChange(String path, Kind kind, Object before, Object after)
{
    public enum Kind
    {
        ADDED, REMOVED, CHANGED
    }

    public DescriptorChange
    {
        requireNonNull(path, "path is null");
        requireNonNull(kind, "kind is null");
    }

    /** A one-line human rendering, e.g. {@code ~ spec.datasets[orders].description: "a" → "b"}. */
    public String describe()
    {
        return switch (kind) {
            case ADDED -> "+ %s: %s".formatted(path, render(after));
            case REMOVED -> "- %s: %s".formatted(path, render(before));
            case CHANGED -> "~ %s: %s → %s".formatted(path, render(before), render(after));
        };
    }

    private static String render(Object value)
    {
        return value instanceof String text ? '"' + text + '"' : DescriptorDocuments.toJson(value);
    }
}
