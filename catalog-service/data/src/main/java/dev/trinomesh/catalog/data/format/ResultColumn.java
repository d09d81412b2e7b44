package dev.trinomesh.catalog.data.format;

import dev.trinomesh.catalog.data.request.ContractType;

import static java.util.Objects.requireNonNull;

/** A column of a response: its contracted name and type. */
public record ResultColumn(String name, ContractType type)
{
    public ResultColumn
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
