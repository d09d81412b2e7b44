package dev.trinomesh.catalog.identity.api;

/**
 * Who made a request, as recorded in the history. Taken from the {@code X-Mesh-User} header;
 * it is not authenticated (see docs/architecture.md).
 */
public final class RequestUser
{
    public static final String HEADER = dev.trinomesh.api.client.CatalogServiceClient.USER_HEADER;

    private RequestUser() {}

    public static String of(String header)
    {
        return header == null || header.isBlank() ? "anonymous" : header.strip();
    }
}
