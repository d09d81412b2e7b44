package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A page of products; pass {@code nextPageToken} back as {@code pageToken} for the next page. */
public record ProductPage(
        List<ProductSummary> items,
        @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken)
{
    public ProductPage
    {
        items = List.copyOf(items);
    }
}
