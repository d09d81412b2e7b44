package dev.trinomesh.catalog.registry.revisions;

import dev.trinomesh.api.model.ApplyResult.Outcome;
import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.PolicyApplyResult;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.api.model.PolicyScope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestApplyPlan
{
    private static final Policy FIRST = policy("first");
    private static final Policy SECOND = policy("second");
    private static final Instant EARLIER = Instant.parse("2025-01-02T03:04:05Z");

    @Test
    void createsANewName()
    {
        PolicyApplyResult result = ApplyPlan.of("p", FIRST, Optional.<PolicyRecord>empty(), "gina", PolicyRecord::new).result(false, PolicyApplyResult::new);
        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.dryRun()).isFalse();
        assertThat(result.policy().revision()).isEqualTo(1);
        assertThat(result.policy().active()).isTrue();
        assertThat(result.policy().updatedBy()).isEqualTo("gina");
        assertThat(result.policy().descriptor()).isEqualTo(FIRST);
        assertThat(result.changes()).isNotEmpty();
    }

    @Test
    void leavesAnActiveOneUnchangedWhenNothingChanges()
    {
        PolicyRecord current = new PolicyRecord("p", 4, true, EARLIER, "sam", FIRST);
        ApplyPlan<Policy, PolicyRecord> plan = ApplyPlan.of("p", FIRST, Optional.of(current), "gina", PolicyRecord::new);
        assertThat(plan.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(plan.next().revision()).isEqualTo(5);
        PolicyApplyResult result = plan.result(true, PolicyApplyResult::new);
        assertThat(result.dryRun()).isTrue();
        assertThat(result.policy()).isEqualTo(current);
        assertThat(result.changes()).isEmpty();
    }

    @Test
    void updatesWithTheChanges()
    {
        PolicyRecord current = new PolicyRecord("p", 4, true, EARLIER, "sam", FIRST);
        ApplyPlan<Policy, PolicyRecord> plan = ApplyPlan.of("p", SECOND, Optional.of(current), "gina", PolicyRecord::new);
        assertThat(plan.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(plan.changes()).isNotEmpty();
        assertThat(plan.result(false, PolicyApplyResult::new).policy()).isEqualTo(plan.next());
        assertThat(plan.next().revision()).isEqualTo(5);
        assertThat(plan.next().descriptor()).isEqualTo(SECOND);
    }

    @Test
    void bringsBackARemovedOneAsAnUpdate()
    {
        // Against nothing in force: every part of the descriptor is a change, even the same one.
        PolicyRecord removed = new PolicyRecord("p", 4, false, EARLIER, "sam", FIRST);
        ApplyPlan<Policy, PolicyRecord> plan = ApplyPlan.of("p", FIRST, Optional.of(removed), "gina", PolicyRecord::new);
        assertThat(plan.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(plan.changes()).isNotEmpty();
        assertThat(plan.next().revision()).isEqualTo(5);
        assertThat(plan.next().active()).isTrue();
    }

    private static Policy policy(String description)
    {
        return new Policy("mesh/v1", Policy.KIND, new Policy.Metadata("p", PolicyScope.GLOBAL, null, description), new Policy.Spec(List.of()));
    }
}
