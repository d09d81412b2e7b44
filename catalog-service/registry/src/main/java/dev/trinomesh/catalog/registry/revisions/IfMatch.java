package dev.trinomesh.catalog.registry.revisions;

import dev.trinomesh.api.model.RevisionedRecord;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.EntityTag;

import java.util.Optional;

/**
 * The If-Match precondition of changing a revisioned descriptor that is in force: the writer names the revision they
 * read ({@code *} for any), so that no change made since is overwritten unseen. {@code kind} names the descriptor in
 * the answers ({@code policy}).
 */
public final class IfMatch
{
    private IfMatch() {}

    /** Replacing {@code current} needs its revision while it is active; a removed one is applied again without. */
    public static void checkReplace(String kind, RevisionedRecord<?> current, Optional<EntityTag> ifMatch)
    {
        if (current.active()) {
            check(kind, current, ifMatch.orElseThrow(() -> ServiceException.preconditionRequired(
                    "%s '%s' exists at revision %s: send If-Match: \"%s\" to update it (or If-Match: * to overwrite whatever is there)"
                            .formatted(kind, current.name(), current.revision(), current.revision()))));
        }
    }

    public static void checkRemove(String kind, RevisionedRecord<?> current, Optional<EntityTag> ifMatch)
    {
        check(kind, current, ifMatch.orElseThrow(() -> ServiceException.preconditionRequired(
                "%s '%s' is at revision %s: send If-Match: \"%s\" to remove it".formatted(kind, current.name(), current.revision(), current.revision()))));
    }

    private static void check(String kind, RevisionedRecord<?> current, EntityTag expected)
    {
        if (!expected.matches(current.revision())) {
            throw ServiceException.preconditionFailed("%s '%s' changed since you read it: you expected revision %s, it is at revision %s (by %s at %s); read it again and reapply"
                    .formatted(kind, current.name(), expected.value(), current.revision(), current.updatedBy(), current.updatedAt()));
        }
    }
}
