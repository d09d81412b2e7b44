package dev.trinomesh.api.model;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What the access-control plugin needs, as of registry revision {@code revision} (its ETag): every
 * product that is not retired (ownership, consumers, columns and their classifications), the tables served
 * beside datasets (governed as the dataset each stands for), every active
 * policy, the user attributes that policy templates read, and for each product with active pipelines the upstream
 * products they declare (what its pipeline principal, {@code pipeline:<product>}, may read at all).
 */
public record GovernanceSnapshot(long revision, List<DataProduct> products, List<DatasetVariant> variants, List<Policy> policies, Map<String, Map<String, String>> userAttributes,
        Map<String, List<String>> pipelineUpstreams)
{
    public GovernanceSnapshot
    {
        products = List.copyOf(requireNonNull(products, "products is null"));
        variants = variants == null ? List.of() : List.copyOf(variants);
        policies = List.copyOf(requireNonNull(policies, "policies is null"));
        userAttributes = Map.copyOf(requireNonNull(userAttributes, "userAttributes is null"));
        pipelineUpstreams = pipelineUpstreams == null ? Map.of() : Map.copyOf(pipelineUpstreams);
    }

    public GovernanceSnapshot(long revision, List<DataProduct> products, List<DatasetVariant> variants, List<Policy> policies, Map<String, Map<String, String>> userAttributes)
    {
        this(revision, products, variants, policies, userAttributes, Map.of());
    }

    public GovernanceSnapshot withVariants(List<DatasetVariant> variants)
    {
        return new GovernanceSnapshot(revision, products, variants, policies, userAttributes, pipelineUpstreams);
    }

    public GovernanceSnapshot withPipelineUpstreams(Map<String, List<String>> pipelineUpstreams)
    {
        return new GovernanceSnapshot(revision, products, variants, policies, userAttributes, pipelineUpstreams);
    }
}
