package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A product's place in the lake: the Iceberg namespace it owns (by default, the product's own name). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lake(String namespace)
{
}
