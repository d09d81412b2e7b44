package dev.trinomesh.catalog.registry.revisions;

import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.PolicyRecord;
import dev.trinomesh.api.model.PolicyScope;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.core.http.EntityTag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestIfMatch
{
    private static final Policy POLICY = new Policy("mesh/v1", Policy.KIND, new Policy.Metadata("pii_hashed", PolicyScope.GLOBAL, null, null), new Policy.Spec(List.of()));
    private static final PolicyRecord ACTIVE = new PolicyRecord("pii_hashed", 3, true, Instant.parse("2025-01-02T03:04:05Z"), "gina", POLICY);
    private static final PolicyRecord REMOVED = new PolicyRecord("pii_hashed", 3, false, Instant.parse("2025-01-02T03:04:05Z"), "gina", POLICY);

    @Test
    void replacingAnActiveOneNeedsItsRevision()
    {
        assertThatThrownBy(() -> IfMatch.checkReplace("policy", ACTIVE, Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.status()).isEqualTo(428))
                .hasMessage("policy 'pii_hashed' exists at revision 3: send If-Match: \"3\" to update it (or If-Match: * to overwrite whatever is there)");
        assertThatThrownBy(() -> IfMatch.checkReplace("policy", ACTIVE, Optional.of(new EntityTag("2"))))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.status()).isEqualTo(412))
                .hasMessage("policy 'pii_hashed' changed since you read it: you expected revision 2, it is at revision 3 (by gina at 2025-01-02T03:04:05Z); read it again and reapply");
        assertThatCode(() -> IfMatch.checkReplace("policy", ACTIVE, Optional.of(new EntityTag("3")))).doesNotThrowAnyException();
        assertThatCode(() -> IfMatch.checkReplace("policy", ACTIVE, Optional.of(EntityTag.ANY))).doesNotThrowAnyException();
    }

    @Test
    void aRemovedOneIsAppliedAgainWithoutIt()
    {
        assertThatCode(() -> IfMatch.checkReplace("policy", REMOVED, Optional.empty())).doesNotThrowAnyException();
        assertThatCode(() -> IfMatch.checkReplace("policy", REMOVED, Optional.of(new EntityTag("7")))).doesNotThrowAnyException();
    }

    @Test
    void removingNeedsTheRevision()
    {
        assertThatThrownBy(() -> IfMatch.checkRemove("pipeline", ACTIVE, Optional.empty()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.status()).isEqualTo(428))
                .hasMessage("pipeline 'pii_hashed' is at revision 3: send If-Match: \"3\" to remove it");
        assertThatThrownBy(() -> IfMatch.checkRemove("pipeline", ACTIVE, Optional.of(new EntityTag("1"))))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.status()).isEqualTo(412))
                .hasMessage("pipeline 'pii_hashed' changed since you read it: you expected revision 1, it is at revision 3 (by gina at 2025-01-02T03:04:05Z); read it again and reapply");
        assertThatCode(() -> IfMatch.checkRemove("pipeline", ACTIVE, Optional.of(new EntityTag("3")))).doesNotThrowAnyException();
    }
}
