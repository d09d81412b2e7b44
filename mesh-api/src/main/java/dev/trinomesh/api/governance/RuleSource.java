package dev.trinomesh.api.governance;

import dev.trinomesh.api.model.PolicyScope;

/** Which policy and rule a decision came from, for messages and logs. */
public record RuleSource(String policy, PolicyScope scope, int rule)
{
    @Override
    public String toString()
    {
        return "%s policy '%s' rule %s".formatted(scope.wireName(), policy, rule + 1);
    }
}
