package dev.trinomesh.catalog.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.catalog.registry.descriptor.QualityChecks;
import dev.trinomesh.catalog.registry.descriptor.TrinoTypes;
import dev.trinomesh.catalog.registry.descriptor.TypeCompatibility;

import java.util.Optional;

/**
 * The rules of contracts that other areas apply as the registry does: what a column type is called,
 * which table types serve a contract's type, and what a declared check is named.
 */
public final class ContractRules
{
    private ContractRules() {}

    /** A valid Trino type in canonical form ({@code VARCHAR(10)} and {@code varchar(10)} are one type). */
    public static String canonicalType(String type)
    {
        return TrinoTypes.canonical(type);
    }

    /** Whether values of {@code tableType} always fit {@code contractType}: equal, or a widening. */
    public static boolean servesAs(String tableType, String contractType)
    {
        return TypeCompatibility.servesAs(tableType, contractType);
    }

    /** The name of a declared check: its {@code name}, or its kind and column ({@code not_null_customer_id}). */
    public static Optional<String> checkName(JsonNode check)
    {
        return QualityChecks.checkName(check);
    }
}
