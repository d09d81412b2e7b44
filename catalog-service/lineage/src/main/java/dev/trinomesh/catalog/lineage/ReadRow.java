package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.lineage.OpenLineage.ColumnMask;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A dataset a run read: one of its inputs ({@code input}), or a view it read an input through. Lists are
 * empty for a view; an input reached several ways in one run is one row with the union of what each way says.
 */
record ReadRow(Node dataset, boolean input, boolean directlyReferenced, List<String> via, List<String> columns, List<String> rowFilters, List<ColumnMask> columnMasks)
{
    ReadRow
    {
        requireNonNull(dataset, "dataset is null");
        via = List.copyOf(via);
        columns = List.copyOf(columns);
        rowFilters = List.copyOf(rowFilters);
        columnMasks = List.copyOf(columnMasks);
    }

    ReadRow merge(ReadRow other)
    {
        return new ReadRow(dataset, input || other.input, directlyReferenced || other.directlyReferenced,
                union(via, other.via), union(columns, other.columns), union(rowFilters, other.rowFilters), union(columnMasks, other.columnMasks));
    }

    private static <T> List<T> union(List<T> first, List<T> second)
    {
        if (second.isEmpty() || first.equals(second)) {
            return first;
        }
        LinkedHashSet<T> union = new LinkedHashSet<>(first);
        union.addAll(second);
        return new ArrayList<>(union);
    }
}
