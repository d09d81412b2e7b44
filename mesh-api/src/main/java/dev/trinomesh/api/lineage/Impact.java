package dev.trinomesh.api.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What depends on a dataset or column: every downstream dataset (with the columns reached and the owning
 * product), the products among them, and the consumers who read any of them. What the caller may not see is
 * counted without a name: datasets as {@code restricted-N} entries, and {@code restrictedProducts} and
 * {@code restrictedConsumers} the products and readers only such datasets have.
 */
public record Impact(LineageNode root, int depth, List<ImpactedDataset> datasets, List<String> products, int restrictedProducts, List<Consumer> consumers, int restrictedConsumers, boolean truncated)
{
    public Impact
    {
        datasets = List.copyOf(datasets);
        products = List.copyOf(products);
        consumers = List.copyOf(consumers);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImpactedDataset(String namespace, String dataset, String product, List<String> columns, int depth) {}

    public record Consumer(String user, long queries, Instant lastSeen) {}
}
