package dev.trinomesh.catalog.lake.gate;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.catalog.lake.NewSnapshots;
import dev.trinomesh.catalog.lake.api.Binding;
import dev.trinomesh.catalog.registry.api.ContractRules;
import jakarta.inject.Inject;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Types.NestedField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The commit-time contract gate. A commit to a lake table bound to a published contract is refused
 * when it introduces a problem for the contract: a contracted column dropped, renamed or replaced, its
 * type no longer servable as the contract's type, a required column made optional, or new data files
 * (compaction rewrites aside) whose column metrics count nulls in a required column. Problems that were already there before the
 * commit do not block it (the producer may be fixing them); additive changes always pass.
 */
public class ContractGate
{
    private final Bindings bindings;

    @Inject
    public ContractGate(Bindings bindings)
    {
        this.bindings = requireNonNull(bindings, "bindings is null");
    }

    /** Refuses the commit from {@code base} (null when creating) to {@code updated} if it breaks a contract. */
    public void check(TableIdentifier table, TableMetadata base, TableMetadata updated, FileIO io)
    {
        List<String> refusals = new ArrayList<>();
        for (Binding binding : bindings.of(table)) {
            Set<String> problems = schemaProblems(binding, base == null ? null : base.schema(), updated.schema());
            if (base != null) {
                problems.removeAll(schemaProblems(binding, null, base.schema()));
            }
            problems.addAll(nullsInRequiredColumns(binding, base, updated, io));
            if (!problems.isEmpty()) {
                refusals.add("Refused by the data contract of %s (lake table %s):%n%s%nTo make this change, release a new major version of product '%s' whose contract matches it, apply it, then commit again."
                        .formatted(binding.describe(), table, problems.stream().map(problem -> "  - " + problem).collect(Collectors.joining("\n")), binding.product().name()));
            }
        }
        if (!refusals.isEmpty()) {
            throw new ContractViolationException(String.join("\n", refusals));
        }
    }

    public boolean isBound(TableIdentifier table)
    {
        return !bindings.of(table).isEmpty();
    }

    /** Refuses dropping or renaming a table that a published contract is bound to. */
    public void checkTableRemoval(TableIdentifier table, String action)
    {
        List<Binding> bound = bindings.of(table);
        if (!bound.isEmpty()) {
            throw new ContractViolationException("Cannot %s lake table %s: it is the source of %s. Retire those products or point their datasets elsewhere first."
                    .formatted(action, table, bound.stream().map(Binding::describe).collect(Collectors.joining("; "))));
        }
    }

    /** What is wrong with {@code schema} for the contract, given the schema it replaces (null: none). */
    private static Set<String> schemaProblems(Binding binding, Schema previous, Schema schema)
    {
        Set<String> problems = new LinkedHashSet<>();
        for (Column column : binding.dataset().columns()) {
            NestedField field = schema.findField(column.name());
            NestedField before = previous == null ? null : previous.findField(column.name());
            if (field == null) {
                NestedField sameId = before == null ? null : schema.findField(before.fieldId());
                if (sameId != null) {
                    problems.add("column '%s' is renamed to '%s'; the contract promises '%s'".formatted(column.name(), sameId.name(), column.name()));
                }
                else {
                    problems.add("column '%s' is %s; the contract promises it".formatted(column.name(), before == null ? "missing" : "dropped"));
                }
                continue;
            }
            if (before != null && before.fieldId() != field.fieldId()) {
                problems.add("column '%s' is dropped and added again (as %s); its values are not the contracted ones".formatted(column.name(), TrinoTypeOf.icebergType(field.type())));
                continue;
            }
            String tableType = TrinoTypeOf.icebergType(field.type());
            String contractType = ContractRules.canonicalType(column.type());
            if (!ContractRules.servesAs(tableType, contractType)) {
                problems.add("column '%s' has type %s, which cannot be served as the contract's %s (only the same type or a narrower one of its kind can)"
                        .formatted(column.name(), tableType, contractType));
            }
            if (column.required() && before != null && before.isRequired() && field.isOptional()) {
                problems.add("column '%s' is made optional; the contract requires a value".formatted(column.name()));
            }
        }
        return problems;
    }

    /** Nulls that the commit's new data files (by their column metrics) put in contract-required columns. */
    private static List<String> nullsInRequiredColumns(Binding binding, TableMetadata base, TableMetadata updated, FileIO io)
    {
        Schema schema = updated.schema();
        Map<Integer, String> requiredColumns = binding.dataset().columns().stream()
                .filter(Column::required)
                .filter(column -> schema.findField(column.name()) != null)
                .collect(Collectors.toMap(column -> schema.findField(column.name()).fieldId(), Column::name));
        if (requiredColumns.isEmpty()) {
            return List.of();
        }
        Map<String, long[]> nulls = new LinkedHashMap<>();
        for (Snapshot snapshot : NewSnapshots.of(base, updated)) {
            if (DataOperations.REPLACE.equals(snapshot.operation())) {
                // Compaction rewrites rows the table already had; their nulls were not added by this commit.
                continue;
            }
            for (DataFile file : snapshot.addedDataFiles(io)) {
                Map<Integer, Long> counts = file.nullValueCounts();
                if (counts == null) {
                    continue;
                }
                requiredColumns.forEach((fieldId, name) -> {
                    Long count = counts.get(fieldId);
                    if (count != null && count > 0) {
                        long[] total = nulls.computeIfAbsent(name, _ -> new long[2]);
                        total[0] += count;
                        total[1]++;
                    }
                });
            }
        }
        List<String> problems = new ArrayList<>();
        nulls.forEach((name, total) -> problems.add("column '%s' receives %s null value%s in %s new data file%s; the contract requires a value"
                .formatted(name, total[0], total[0] == 1 ? "" : "s", total[1], total[1] == 1 ? "" : "s")));
        return problems;
    }
}
