package dev.trinomesh.api.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;

import static java.util.Objects.requireNonNull;

/**
 * A dataset ({@code column} null) or a column in the lineage graph. {@code dataset} is
 * {@code catalog.schema.table} for Trino; {@code product} names the data product whose dataset or lake
 * table it is, when there is one; {@code depth} is the number of hops from the node asked about. A dataset the
 * caller may not see is {@code restricted-N} without a namespace or product, a column of it {@code restricted-N}
 * too: numbered within one answer, so that its graph and counts stay true without naming anything.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LineageNode(String namespace, String dataset, String column, String product, int depth)
{
    public LineageNode
    {
        requireNonNull(dataset, "dataset is null");
    }
}
