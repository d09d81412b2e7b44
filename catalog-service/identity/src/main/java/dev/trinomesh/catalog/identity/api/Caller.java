package dev.trinomesh.catalog.identity.api;

import java.util.Collection;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** Who is calling the API, as the principals ({@code user:NAME}, {@code group:NAME}) they stand for. */
public record Caller(String user, Set<String> principals, boolean admin)
{
    public Caller
    {
        requireNonNull(user, "user is null");
        principals = Set.copyOf(principals);
    }

    public boolean isAny(Collection<String> candidates)
    {
        return candidates.stream().anyMatch(principals::contains);
    }

    public boolean is(String principal)
    {
        return principal != null && principals.contains(principal);
    }
}
