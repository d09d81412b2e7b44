package dev.trinomesh.api.governance;

import java.util.Collection;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The querying identity as principals: {@code user:NAME}, {@code group:NAME} for each group, and for a
 * product's view identity {@code product:NAME} plus the product owner's principal, so that a derived
 * product reads what its owning team may read.
 */
public record Subject(String user, Set<String> groups, Set<String> principals, boolean admin)
{
    public Subject
    {
        requireNonNull(user, "user is null");
        groups = Set.copyOf(groups);
        principals = Set.copyOf(principals);
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
