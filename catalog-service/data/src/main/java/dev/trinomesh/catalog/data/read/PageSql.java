package dev.trinomesh.catalog.data.read;

import dev.trinomesh.catalog.data.request.ContractType;
import dev.trinomesh.catalog.data.request.Filter;
import dev.trinomesh.catalog.data.request.SortKey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static dev.trinomesh.api.policy.SqlLiterals.identifier;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * The SQL of one page. Rows are ordered by the caller's order, then by the contract's unique columns, so the order is
 * total and a page starts right after the previous page's last row ({@code after}, a keyset: no row is skipped or
 * repeated however deep the read goes). A dataset without unique columns is ordered by every column and paged by
 * offset, on the same pinned snapshot. Every value is a typed literal made from the contract's type.
 */
public final class PageSql
{
    private final List<String> fields;
    private final List<Filter> filters;
    private final List<SortKey> keys;
    private final boolean keyset;
    private final Map<String, ContractType> types;

    public PageSql(List<String> fields, List<Filter> filters, List<SortKey> order, List<String> uniqueColumns, Map<String, ContractType> types)
    {
        this.fields = List.copyOf(fields);
        this.filters = List.copyOf(filters);
        this.types = Map.copyOf(types);
        List<SortKey> keys = new ArrayList<>(order);
        Set<String> ordered = new LinkedHashSet<>(order.stream().map(SortKey::column).toList());
        this.keyset = !uniqueColumns.isEmpty();
        List<String> tieBreakers = keyset ? uniqueColumns : types.entrySet().stream().filter(entry -> entry.getValue().comparable()).map(Map.Entry::getKey).sorted().toList();
        for (String column : tieBreakers) {
            if (ordered.add(column)) {
                keys.add(new SortKey(column, false));
            }
        }
        this.keys = List.copyOf(keys);
    }

    /** Whether pages are positioned by their last row's key values (else by offset). */
    public boolean keyset()
    {
        return keyset;
    }

    /** The columns selected: the fields asked for, then the sort keys that are not among them (read, never returned). */
    public List<String> selected()
    {
        Set<String> selected = new LinkedHashSet<>(fields);
        if (keyset) {
            keys.forEach(key -> selected.add(key.column()));
        }
        return List.copyOf(selected);
    }

    /** The index in {@link #selected()} of each sort key, for reading a row's position. */
    public List<Integer> keyIndexes()
    {
        List<String> selected = selected();
        return keys.stream().map(key -> selected.indexOf(key.column())).toList();
    }

    /**
     * The page's query on {@code relation} (already quoted), after {@code after} (the previous page's last row's key
     * values, null for the first page) or {@code offset} rows, returning at most {@code rows} rows (all, when empty).
     */
    public String sql(String relation, List<String> after, long offset, OptionalLong rows)
    {
        requireNonNull(relation, "relation is null");
        List<String> conditions = new ArrayList<>();
        for (Filter filter : filters) {
            conditions.add(filter.sql(types.get(filter.column())));
        }
        if (keyset && after != null) {
            conditions.add(after(after));
        }
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(selected().stream().map(column -> identifier(column)).collect(joining(", ")))
                .append(" FROM ").append(relation);
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(conditions.stream().map(condition -> "(" + condition + ")").collect(joining(" AND ")));
        }
        sql.append(" ORDER BY ").append(keys.stream().map(SortKey::sql).collect(joining(", ")));
        if (!keyset && offset > 0) {
            sql.append(" OFFSET ").append(offset);
        }
        rows.ifPresent(limit -> sql.append(" LIMIT ").append(limit));
        return sql.toString();
    }

    /** Rows after the position: for some key, all keys before it equal and it past the position (nulls come last). */
    private String after(List<String> values)
    {
        if (values.size() != keys.size()) {
            throw new IllegalArgumentException("a position has one value per sort key");
        }
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                terms.add(equal(keys.get(j), values.get(j)));
            }
            String value = values.get(i);
            if (value == null) {
                // Nothing comes after null in this key: nulls are last.
                continue;
            }
            SortKey key = keys.get(i);
            terms.add("(%s %s %s OR %s IS NULL)".formatted(identifier(key.column()), key.descending() ? "<" : ">", literal(key, value), identifier(key.column())));
            alternatives.add(String.join(" AND ", terms));
        }
        return alternatives.isEmpty() ? "false" : alternatives.stream().map(term -> "(" + term + ")").collect(joining(" OR "));
    }

    private String equal(SortKey key, String value)
    {
        return value == null ? identifier(key.column()) + " IS NULL" : "%s = %s".formatted(identifier(key.column()), literal(key, value));
    }

    private String literal(SortKey key, String value)
    {
        return types.get(key.column()).literal(value);
    }
}
