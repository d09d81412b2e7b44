package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A governance policy ({@code apiVersion: mesh/v1}, {@code kind: Policy}): a named, versioned set of
 * rules, either a global guardrail or a policy of one domain. The JSON Schema in
 * {@code docs/schema/policy.schema.json} documents it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record Policy(String apiVersion, String kind, Metadata metadata, Spec spec)
{
    public static final String KIND = "Policy";

    public Policy
    {
        requireNonNull(apiVersion, "apiVersion is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(metadata, "metadata is null");
        requireNonNull(spec, "spec is null");
    }

    public String name()
    {
        return metadata.name();
    }

    public PolicyScope scope()
    {
        return metadata.scope();
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"name", "scope", "domain", "description"})
    public record Metadata(String name, PolicyScope scope, String domain, String description)
    {
        public Metadata
        {
            requireNonNull(name, "name is null");
            requireNonNull(scope, "scope is null");
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Spec(List<PolicyRule> rules)
    {
        public Spec
        {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }
}
