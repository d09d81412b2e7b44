package dev.trinomesh.catalog.data.read;

import com.google.inject.Inject;
import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.api.governance.Subject;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.registry.api.Governance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The columns of a served table that governance masks for a person, decided as the mesh access control decides them
 * in Trino (the same compiled snapshot). A page cannot be positioned by a masked unique column: its masked values may
 * repeat (a constant, a truncation), so the read is paged by offset over every column instead.
 */
public final class MaskedColumns
{
    private final Governance governance;
    private final Callers callers;

    @Inject
    public MaskedColumns(Governance governance, Callers callers)
    {
        this.governance = requireNonNull(governance, "governance is null");
        this.callers = requireNonNull(callers, "callers is null");
    }

    public Set<String> of(String user, ServedTable table)
    {
        CompiledGovernance compiled = governance.current();
        Subject subject = governance.subject(callers.resolve(user));
        Map<String, String> types = new LinkedHashMap<>();
        for (Column column : table.columns()) {
            types.put(column.name(), column.type());
        }
        return compiled.servedProduct(table.product().name())
                .flatMap(product -> product.dataset(table.table()))
                .map(dataset -> Set.copyOf(compiled.columnMasks(subject, dataset, types).keySet()))
                .orElse(Set.of());
    }
}
