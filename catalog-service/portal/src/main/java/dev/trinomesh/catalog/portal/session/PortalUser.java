package dev.trinomesh.catalog.portal.session;

import static java.util.Objects.requireNonNull;

/** The signed-in person a portal request acts for, and the token their forms and scripts must send back (CSRF). */
public record PortalUser(String user, String csrfToken)
{
    /** The request property the session filter puts the person in: never a header, which a client could send. */
    public static final String PROPERTY = PortalUser.class.getName();

    public PortalUser
    {
        requireNonNull(user, "user is null");
        requireNonNull(csrfToken, "csrfToken is null");
    }
}
