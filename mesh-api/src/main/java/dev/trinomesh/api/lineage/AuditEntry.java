package dev.trinomesh.api.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One query as the audit trail keeps it: who ran it, through which door ({@code sql}, or the catalog service's
 * {@code portal}, {@code api}, {@code quality}) and, when someone ran it for them, who ({@code impersonator}); how
 * it ended; and for every dataset it read, the columns it referenced and the row filters and column masks that
 * governance applied.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(
        String queryId,
        String user,
        Set<String> groups,
        String source,
        String door,
        String impersonator,
        String queryType,
        String state,
        String errorCode,
        Instant startTime,
        Instant endTime,
        String query,
        List<AuditedDataset> datasets)
{
    public AuditEntry
    {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuditedDataset(
            String namespace,
            String dataset,
            String product,
            boolean directlyReferenced,
            List<String> via,
            List<String> columns,
            List<String> rowFilters,
            List<OpenLineage.ColumnMask> columnMasks) {}
}
