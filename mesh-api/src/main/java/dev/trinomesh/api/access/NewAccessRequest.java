package dev.trinomesh.api.access;

/** What a person sends to ask for a product: why they need it. */
public record NewAccessRequest(String reason) {}
