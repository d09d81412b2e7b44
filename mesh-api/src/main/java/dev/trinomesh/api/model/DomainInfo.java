package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A business domain: the unit of ownership that products belong to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainInfo(String name, String description, String owner, int products)
{
}
