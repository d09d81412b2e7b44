package dev.trinomesh.catalog.identity.api;

import dev.trinomesh.api.client.CatalogServiceClient;
import dev.trinomesh.catalog.core.ServiceException;

/**
 * Who made a request, as recorded in the history. Taken from the {@code X-Mesh-User} header, which
 * {@code api.token-file} makes the token's user; without it the name is not authenticated (see docs/architecture.md).
 */
public final class RequestUser
{
    public static final String HEADER = CatalogServiceClient.USER_HEADER;
    /** The longest user name the service records (the history's columns hold 128 characters, or more). */
    public static final int MAX_LENGTH = 128;

    private RequestUser() {}

    public static String of(String header)
    {
        if (header == null || header.isBlank()) {
            return "anonymous";
        }
        String user = header.strip();
        if (user.length() > MAX_LENGTH) {
            throw ServiceException.badRequest("the %s header is %s characters; at most %s are allowed".formatted(HEADER, user.length(), MAX_LENGTH));
        }
        return user;
    }
}
