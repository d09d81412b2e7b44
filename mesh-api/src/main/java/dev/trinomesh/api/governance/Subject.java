package dev.trinomesh.api.governance;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * The querying identity as principals: {@code user:NAME}, {@code group:NAME} for each group, and for a
 * product's view identity {@code product:NAME} plus the product owner's principal, so that a derived
 * product reads what its owning team may read. A pipeline principal ({@code pipeline:NAME}) holds the same
 * principals as its product's view identity, and itself; {@code pipelineOf} names its product, whose
 * namespace and declared upstream products bound what it may touch at all. A pipeline is never an admin.
 */
public record Subject(String user, Set<String> groups, Set<String> principals, boolean admin, Optional<String> pipelineOf)
{
    public Subject
    {
        requireNonNull(user, "user is null");
        groups = Set.copyOf(groups);
        principals = Set.copyOf(principals);
        requireNonNull(pipelineOf, "pipelineOf is null");
        checkArgument(!admin || pipelineOf.isEmpty(), "a pipeline is never an admin: %s", user);
    }

    /** A subject that is no pipeline. */
    public Subject(String user, Set<String> groups, Set<String> principals, boolean admin)
    {
        this(user, groups, principals, admin, Optional.empty());
    }

    public boolean isAny(Collection<String> candidates)
    {
        for (String candidate : candidates) {
            if (principals.contains(candidate)) {
                return true;
            }
        }
        return false;
    }
}
