package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.api.model.ApplyResult.Outcome;
import jakarta.ws.rs.core.Response;

/** The answer to applying a descriptor, whatever its kind: 201 for one it created (not a dry run), else 200; tagged with the revision it leaves. */
final class ApplyResponses
{
    private ApplyResponses() {}

    static Response applied(Outcome outcome, boolean dryRun, int revision, Object result)
    {
        int status = outcome == Outcome.CREATED && !dryRun ? 201 : 200;
        return Response.status(status).entity(result).tag(String.valueOf(revision)).build();
    }
}
