package dev.trinomesh.catalog.api;

/**
 * Who made a request, as recorded in the history. Taken from the {@code X-Mesh-User} header;
 * it is not authenticated (see docs/architecture.md).
 */
final class RequestUser
{
    static final String HEADER = dev.trinomesh.api.client.CatalogServiceClient.USER_HEADER;

    private RequestUser() {}

    static String of(String header)
    {
        return header == null || header.isBlank() ? "anonymous" : header.strip();
    }
}
