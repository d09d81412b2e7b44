package dev.trinomesh.api.identity;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Who the service takes the caller to be: the user, the principals it holds ({@code user:NAME}, {@code group:NAME}),
 * whether it is a governance admin, and how it proved it ({@code token}, {@code service-token}, {@code jwt}).
 */
public record Principal(String user, List<String> principals, boolean admin, String authenticatedBy)
{
    public Principal
    {
        requireNonNull(user, "user is null");
        principals = List.copyOf(principals);
        requireNonNull(authenticatedBy, "authenticatedBy is null");
    }
}
