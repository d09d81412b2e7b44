package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trinomesh.api.descriptor.DescriptorDocuments;

import static java.util.Objects.requireNonNull;

/**
 * One difference between two descriptors, at a path such as {@code spec.datasets[orders].columns[amount].type}
 * (list entries are addressed by name so that reordering is not a change). A change of a product
 * descriptor is classified: {@code impact} and {@code breaking} say what it means for consumers, and
 * {@code reason} why (both absent on unclassified changes, e.g. of policies).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = "breaking", allowGetters = true)
public record DescriptorChange(String path, Kind kind, Object before, Object after, ContractImpact impact, String reason)
{
    public enum Kind
    {
        ADDED, REMOVED, CHANGED
    }

    public DescriptorChange
    {
        requireNonNull(path, "path is null");
        requireNonNull(kind, "kind is null");
        if ((impact == null) != (reason == null)) {
            throw new IllegalArgumentException("impact and reason go together");
        }
    }

    /** An unclassified change. */
    public DescriptorChange(String path, Kind kind, Object before, Object after)
    {
        this(path, kind, before, after, null, null);
    }

    public DescriptorChange classified(ContractImpact newImpact, String newReason)
    {
        return new DescriptorChange(path, kind, before, after, requireNonNull(newImpact, "newImpact is null"), requireNonNull(newReason, "newReason is null"));
    }

    /** Whether consumers may break on this change; null when the change is not classified. */
    @JsonProperty("breaking")
    public Boolean breaking()
    {
        return impact == null ? null : impact == ContractImpact.BREAKING;
    }

    /**
     * A one-line human rendering, e.g. {@code ~ spec.datasets[orders].description: "a" → "b"}; a breaking
     * change ends with its reason, e.g. {@code (breaking: column removed: consumers selecting it fail)}.
     */
    public String describe()
    {
        String change = switch (kind) {
            case ADDED -> "+ %s: %s".formatted(path, render(after));
            case REMOVED -> "- %s: %s".formatted(path, render(before));
            case CHANGED -> "~ %s: %s → %s".formatted(path, render(before), render(after));
        };
        return impact == ContractImpact.BREAKING ? "%s (breaking: %s)".formatted(change, reason) : change;
    }

    private static String render(Object value)
    {
        return value instanceof String text ? '"' + text + '"' : DescriptorDocuments.toJson(value);
    }
}
