package dev.trinomesh.api.governance;

import java.util.Set;

/** Whom a rule concerns: {@code principals} (empty: everyone) except {@code exempt}. */
record Audience(Set<String> principals, Set<String> exempt)
{
    Audience
    {
        principals = Set.copyOf(principals);
        exempt = Set.copyOf(exempt);
    }

    boolean includes(Subject subject)
    {
        return (principals.isEmpty() || subject.isAny(principals)) && !subject.isAny(exempt);
    }
}
