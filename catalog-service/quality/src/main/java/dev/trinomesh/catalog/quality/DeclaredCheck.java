package dev.trinomesh.catalog.quality;

import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.quality.CheckKind;
import dev.trinomesh.catalog.registry.api.ContractRules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A check as the descriptor declares it (already validated): its kind, name, whether it blocks, and its parameters. */
record DeclaredCheck(CheckKind kind, String name, boolean blocking, Map<String, Object> parameters)
{
    DeclaredCheck
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        parameters = Map.copyOf(parameters);
    }

    static DeclaredCheck of(Map<String, Object> declared)
    {
        CheckKind kind = CheckKind.of(String.valueOf(declared.get("check")))
                .orElseThrow(() -> new IllegalArgumentException("unknown check kind: " + declared.get("check")));
        String name = ContractRules.checkName(DescriptorDocuments.toTree(declared)).orElseThrow();
        return new DeclaredCheck(kind, name, Boolean.TRUE.equals(declared.get("blocking")), declared);
    }

    Optional<String> text(String parameter)
    {
        return Optional.ofNullable(parameters.get(parameter)).map(String::valueOf);
    }

    String column()
    {
        return text("column").orElseThrow(() -> new IllegalStateException("check %s has no column".formatted(name)));
    }

    Optional<Double> number(String parameter)
    {
        return Optional.ofNullable(parameters.get(parameter)).map(value -> ((Number) value).doubleValue());
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String parameter)
    {
        Object value = parameters.get(parameter);
        return value == null ? List.of() : (List<Object>) value;
    }
}
