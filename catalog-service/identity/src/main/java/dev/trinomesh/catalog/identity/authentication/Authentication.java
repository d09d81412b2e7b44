package dev.trinomesh.catalog.identity.authentication;

import java.security.Principal;

import static java.util.Objects.requireNonNull;

/** A proven caller: the user, and how the proof was made ({@code service-token}, {@code token}, {@code jwt}). */
public record Authentication(String user, String method)
        implements Principal
{
    public Authentication
    {
        requireNonNull(user, "user is null");
        requireNonNull(method, "method is null");
    }

    @Override
    public String getName()
    {
        return user;
    }
}
