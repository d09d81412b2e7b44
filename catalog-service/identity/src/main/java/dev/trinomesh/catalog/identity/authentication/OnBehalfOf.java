package dev.trinomesh.catalog.identity.authentication;

import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.identity.api.RequestUser;
import jakarta.inject.Inject;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code X-Mesh-On-Behalf-Of}: a Trino ({@code governance.snapshot-readers}) reads for the person running a query, so
 * that the service answers as that person may see it. Only reads of the registry API ({@code GET}, {@code HEAD} on
 * {@code /v1}) are asked for someone else: a write is always its authenticated caller's, and nobody but the Trinos may
 * ask for another person (they authenticated the person themselves).
 */
public final class OnBehalfOf
{
    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final Callers callers;

    @Inject
    public OnBehalfOf(Callers callers)
    {
        this.callers = requireNonNull(callers, "callers is null");
    }

    /** The user the request is answered for: {@code person}, when {@code authenticated} may ask for them here. */
    public String user(String authenticated, String method, boolean registryApi, String person)
            throws Refusal
    {
        if (!callers.resolve(authenticated).isAny(callers.snapshotReaders())) {
            throw new Refusal(403, "Forbidden", "only the Trinos (governance.snapshot-readers) may send %s; %s is not one of them: send no %s, and the answer is what %s may see"
                    .formatted(RequestUser.ON_BEHALF_OF, authenticated, RequestUser.ON_BEHALF_OF, authenticated));
        }
        if (!registryApi || !READS.contains(method)) {
            throw new Refusal(403, "Forbidden", "%s is honoured on reads (GET) of /v1 only; a %s is made as its authenticated caller: send it without the header"
                    .formatted(RequestUser.ON_BEHALF_OF, method));
        }
        String user = person.strip();
        if (user.isEmpty() || user.length() > RequestUser.MAX_LENGTH) {
            throw new Refusal(400, "BadRequest", "%s must name a user of 1 to %s characters; it has %s".formatted(RequestUser.ON_BEHALF_OF, RequestUser.MAX_LENGTH, user.length()));
        }
        return user;
    }

    /** Why the header is not honoured, as the HTTP status and error to answer with. */
    public static final class Refusal
            extends Exception
    {
        private final int status;
        private final String error;

        Refusal(int status, String error, String message)
        {
            super(message, null, false, false);
            this.status = status;
            this.error = requireNonNull(error, "error is null");
        }

        public int status()
        {
            return status;
        }

        public String error()
        {
            return error;
        }
    }
}
