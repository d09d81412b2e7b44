package dev.trinomesh.catalog.identity.http;

import dev.trinomesh.api.identity.AuditEvent;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.QueryParameters;
import dev.trinomesh.catalog.identity.api.Caller;
import dev.trinomesh.catalog.identity.api.Callers;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.identity.audit.DatabaseAuditLog;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.trinomesh.catalog.core.http.QueryParameters.optional;
import static java.util.Objects.requireNonNull;

/** {@code /v1/audit}: privileged actions (tokens, policies, user attributes, ...), newest first; governance admins only. */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource
{
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    private final DatabaseAuditLog audit;
    private final Callers callers;

    @Inject
    public AuditResource(DatabaseAuditLog audit, Callers callers)
    {
        this.audit = requireNonNull(audit, "audit is null");
        this.callers = requireNonNull(callers, "callers is null");
    }

    @GET
    public List<AuditEvent> events(
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("since") String since,
            @QueryParam("limit") String limit,
            @HeaderParam(RequestUser.HEADER) String user)
    {
        Caller caller = callers.resolve(RequestUser.of(user));
        if (!caller.admin()) {
            throw ServiceException.forbidden("the audit of privileged actions is for governance admins; %s is not one (see governance.admins)".formatted(caller.user()));
        }
        QueryParameters parameters = new QueryParameters();
        Optional<Instant> from = parameters.instant("since", since);
        int rows = parameters.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        parameters.check();
        return audit.events(optional(actor), optional(action), from, rows);
    }
}
