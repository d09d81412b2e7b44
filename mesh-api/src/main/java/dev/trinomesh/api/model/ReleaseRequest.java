package dev.trinomesh.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Request body of {@code POST /v1/products/{product}/releases}: the dataset to pin, the release's name and what it is for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseRequest(String dataset, String name, String description) {}
