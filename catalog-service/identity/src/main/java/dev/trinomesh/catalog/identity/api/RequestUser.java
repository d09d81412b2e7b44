package dev.trinomesh.catalog.identity.api;

import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;

import java.util.List;

/**
 * Who made a request, as authorized and recorded in the history: the user the request's bearer token proved, which
 * the authentication filter puts in {@code X-Mesh-User} for the resources to read, after removing whatever the
 * caller wrote there. It is this service's own plumbing, never a client's way to say who it is.
 */
public final class RequestUser
{
    public static final String HEADER = "X-Mesh-User";
    /**
     * The person a Trino ({@code governance.snapshot-readers}) reads for, so that the answer is filtered as that person
     * may see it (the mesh connector's {@code metadata.lineage_edges}); honoured on reads only, refused from anyone else.
     */
    public static final String ON_BEHALF_OF = "X-Mesh-On-Behalf-Of";
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

    /** Refuses a user name the service cannot record: empty, longer than {@value #MAX_LENGTH}, or with a control character. */
    public static void check(String user, String field)
    {
        if (user.isBlank() || user.length() > MAX_LENGTH || user.chars().anyMatch(Character::isISOControl)) {
            // Control characters would forge lines in logs and the audit.
            throw ServiceException.badRequest("bad user name", List.of(new Violation(field, user.length() > 40 ? user.substring(0, 40) + "…" : user,
                    "must be a user name of 1 to %s characters, none of them a control character".formatted(MAX_LENGTH))));
        }
    }
}
