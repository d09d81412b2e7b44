package dev.trinomesh.catalog.registry.api;

import dev.trinomesh.api.model.QualifiedTableName;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One step of a pipeline as the registry validated it: {@code sql} is the step's statement (its parameters still
 * {@code ${...}} placeholders, a trailing semicolon dropped), {@code statementKind} one of {@code INSERT},
 * {@code MERGE}, {@code CREATE TABLE AS}, {@code DELETE} and {@code UPDATE}, {@code target} the lake table it
 * writes and {@code reads} every table it reads (WITH queries left out), each as Trino resolves the name.
 */
public record PlannedStep(String name, String sql, String statementKind, QualifiedTableName target, Set<QualifiedTableName> reads)
{
    public PlannedStep
    {
        requireNonNull(name, "name is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(statementKind, "statementKind is null");
        requireNonNull(target, "target is null");
        reads = Set.copyOf(requireNonNull(reads, "reads is null"));
    }
}
