package dev.trinomesh.api.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Data flows from {@code source} to {@code target}. Kinds: {@code DIRECT} (a query wrote the target column from
 * the source column), {@code INDIRECT} (an OpenLineage producer said the source affects the target, e.g. a join
 * key), {@code VIEW} (a view or mesh dataset reads the source table; dataset level), {@code CONTRACT} (a mesh
 * dataset column is served from its lake table's column, from the product's descriptor). Columns are null for
 * dataset-level edges. An end the caller may not see is a restricted node ({@link LineageNode}): no namespace, and
 * {@code restricted-N} for its dataset and column.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LineageEdge(
        String sourceNamespace,
        String sourceDataset,
        String sourceColumn,
        String targetNamespace,
        String targetDataset,
        String targetColumn,
        String kind,
        Instant firstSeen,
        Instant lastSeen,
        String lastQueryId)
{
    public LineageEdge
    {
        requireNonNull(sourceDataset, "sourceDataset is null");
        requireNonNull(targetDataset, "targetDataset is null");
        requireNonNull(kind, "kind is null");
    }
}
