package dev.trinomesh.api.identity;

/**
 * Asks for a personal API token: for {@code user} (governance admins may name anyone; people themselves, the
 * default), called {@code name}, valid for {@code expiresIn} (a duration such as {@code 30d}; the service's default
 * when absent).
 */
public record TokenRequest(String user, String name, String expiresIn) {}
