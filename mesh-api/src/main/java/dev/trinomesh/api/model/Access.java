package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Who may consume a product: principals such as {@code group:analysts} or {@code user:alice}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Access(List<String> consumers)
{
    public static final Access NONE = new Access(List.of());

    public Access
    {
        consumers = consumers == null ? List.of() : List.copyOf(consumers);
    }
}
