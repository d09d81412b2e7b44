package dev.trinomesh.catalog.core.http;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;

import static java.util.Objects.requireNonNull;

/** Times every request into {@link RequestStats}: first of the request filters, so that refusals by the others count. */
@PreMatching
@Priority(1)
public class RequestStatsFilter
        implements ContainerRequestFilter, ContainerResponseFilter
{
    private static final String STARTED = RequestStatsFilter.class.getName() + ".started";

    private final RequestStats stats;

    @Inject
    public RequestStatsFilter(RequestStats stats)
    {
        this.stats = requireNonNull(stats, "stats is null");
    }

    @Override
    public void filter(ContainerRequestContext request)
    {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response)
    {
        if (request.getProperty(STARTED) instanceof Long started) {
            stats.answered(response.getStatus(), System.nanoTime() - started);
        }
    }
}
