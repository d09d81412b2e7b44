package dev.trinomesh.catalog.core.http;

import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.UriInfo;

import java.util.stream.Collectors;

/**
 * A request's path as the resources are matched on it: its segments without matrix parameters. Filters that decide
 * by path must use this, not {@link UriInfo#getPath()}, which keeps them: {@code /v1;x/products} is matched as
 * {@code /v1/products}, but its text does not start with {@code v1/}.
 */
public final class RequestPaths
{
    private RequestPaths() {}

    /** The path relative to the base, without a leading slash, as {@link UriInfo#getPath()} gives it but without matrix parameters. */
    public static String of(UriInfo uri)
    {
        // Empty segments (//v1/products) are dropped too: the path must not differ from the one the resources match.
        return uri.getPathSegments().stream()
                .map(PathSegment::getPath)
                .filter(segment -> !segment.isEmpty())
                .collect(Collectors.joining("/"));
    }
}
