package dev.trinomesh.catalog.data.mcp;

import java.net.URI;

import static java.util.Objects.requireNonNull;

/** Who calls a tool, as the request's bearer token proved it, and the service's address as their request reached it. */
public record ToolCaller(String user, URI baseUri)
{
    public ToolCaller
    {
        requireNonNull(user, "user is null");
        requireNonNull(baseUri, "baseUri is null");
    }

    /** An absolute URL of this service for {@code path} (which starts with a slash). */
    public String url(String path)
    {
        return baseUri.resolve(path.substring(1)).toString();
    }
}
