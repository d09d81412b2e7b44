package dev.trinomesh.catalog.registry.http;

import dev.trinomesh.api.model.GovernanceSnapshot;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.EntityTag;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.registry.ServedVariants;
import dev.trinomesh.catalog.registry.api.ServedReleases;
import dev.trinomesh.catalog.registry.governance.PolicyRegistry;
import io.airlift.units.Duration;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * {@code /v1/governance/snapshot}: products, policies and user attributes for the access control,
 * tagged with the registry revision. With {@code ?wait=30s} and a current If-None-Match the request is
 * held until the revision moves (a long poll), so a change reaches Trino within one check interval.
 */
@Path("/v1/governance/snapshot")
public class GovernanceSnapshotResource
{
    private static final Duration MAX_WAIT = new Duration(60, SECONDS);
    /** How often a held request looks at the revision: one indexed row read. */
    private static final long CHECK_INTERVAL_MILLIS = 100;

    private final PolicyRegistry policies;
    private final ServedReleases releases;
    private final GovernanceSnapshotStats stats;

    @Inject
    public GovernanceSnapshotResource(PolicyRegistry policies, ServedReleases releases, GovernanceSnapshotStats stats)
    {
        this.stats = requireNonNull(stats, "stats is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.releases = requireNonNull(releases, "releases is null");
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response snapshot(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @QueryParam("wait") String wait, @HeaderParam(RequestUser.HEADER) String user)
            throws InterruptedException
    {
        policies.checkCanReadSnapshot(RequestUser.of(user));
        OptionalLong known = EntityTag.parse(ifNoneMatch).filter(tag -> !tag.isAny()).map(EntityTag::value)
                .map(value -> value.matches("\\d{1,18}") ? OptionalLong.of(Long.parseLong(value)) : OptionalLong.empty())
                .orElse(OptionalLong.empty());
        long deadline = System.nanoTime() + parseWait(wait).roundTo(java.util.concurrent.TimeUnit.NANOSECONDS);
        long revision = policies.revision();
        while (known.isPresent() && revision == known.orElseThrow() && System.nanoTime() < deadline) {
            MILLISECONDS.sleep(CHECK_INTERVAL_MILLIS);
            revision = policies.revision();
        }
        if (known.isPresent() && revision == known.orElseThrow()) {
            stats.notModified();
            return Response.notModified(String.valueOf(revision)).build();
        }
        GovernanceSnapshot governance = policies.snapshot();
        // Releases read after the rest: the answer may be newer than its tag, never older.
        GovernanceSnapshot snapshot = governance.withVariants(ServedVariants.withReleases(governance.variants(), governance.products(), releases.all()));
        stats.served(snapshot);
        return Response.ok(snapshot).tag(String.valueOf(snapshot.revision())).build();
    }

    private static Duration parseWait(String wait)
    {
        if (wait == null) {
            return new Duration(0, SECONDS);
        }
        Optional<Duration> parsed;
        try {
            parsed = Optional.of(Duration.valueOf(wait));
        }
        catch (IllegalArgumentException e) {
            parsed = Optional.empty();
        }
        if (parsed.isEmpty() || parsed.orElseThrow().compareTo(MAX_WAIT) > 0) {
            throw ServiceException.invalid("bad wait", List.of(new Violation("wait", wait, "must be a duration of at most %s, such as 30s".formatted(MAX_WAIT))));
        }
        return parsed.orElseThrow();
    }
}
