package dev.trinomesh.api.governance;

import dev.trinomesh.api.model.PolicyRule.Mask;
import dev.trinomesh.api.policy.ExpressionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One dataset with every rule that reaches it, resolved when the snapshot is compiled, so that a
 * decision looks at this dataset's few rules only. Rule lists are in precedence order: global
 * policies before domain policies, then by policy name and rule position.
 */
public final class GovernedDataset
{
    record Deny(RuleSource source, Audience audience) {}

    record RowFilter(RuleSource source, ExpressionTemplate expression, Audience audience) {}

    record ColumnMask(RuleSource source, Optional<Mask> preset, Optional<ExpressionTemplate> expression, Audience audience) {}

    private final String product;
    private final String name;
    private final Set<String> readers = new HashSet<>();
    private final List<Deny> denies = new ArrayList<>();
    private final List<RowFilter> rowFilters = new ArrayList<>();
    private final Map<String, List<ColumnMask>> masks = new HashMap<>();

    GovernedDataset(String product, String name)
    {
        this.product = requireNonNull(product, "product is null");
        this.name = requireNonNull(name, "name is null");
    }

    public String product()
    {
        return product;
    }

    public String name()
    {
        return name;
    }

    void addReaders(Iterable<String> principals)
    {
        principals.forEach(readers::add);
    }

    void addDeny(Deny deny)
    {
        denies.add(deny);
    }

    void addRowFilter(RowFilter filter)
    {
        rowFilters.add(filter);
    }

    void addMask(String column, ColumnMask mask)
    {
        masks.computeIfAbsent(column, _ -> new ArrayList<>()).add(mask);
    }

    Set<String> readers()
    {
        return readers;
    }

    List<Deny> denies()
    {
        return denies;
    }

    List<RowFilter> rowFilters()
    {
        return rowFilters;
    }

    List<ColumnMask> masks(String column)
    {
        return masks.getOrDefault(column, List.of());
    }

    boolean hasMasks()
    {
        return !masks.isEmpty();
    }
}
