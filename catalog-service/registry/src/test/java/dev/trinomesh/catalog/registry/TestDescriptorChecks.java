package dev.trinomesh.catalog.registry;

import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestDescriptorChecks
{
    @Test
    void refusesAnInvalidDescriptorWithItsViolations()
    {
        Violation first = new Violation("spec.steps", null, "is required");
        Violation second = new Violation("metadata.product", "nope", "no such product");
        assertThatCode(() -> DescriptorChecks.checkValid("pipeline", "daily", List.of())).doesNotThrowAnyException();
        assertThatThrownBy(() -> DescriptorChecks.checkValid("pipeline", "daily", List.of(first)))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.toApiError().violations()).containsExactly(first))
                .hasMessage("pipeline 'daily' is invalid (1 problem)");
        assertThatThrownBy(() -> DescriptorChecks.checkValid("policy", "eu_only", List.of(first, second)))
                .hasMessage("policy 'eu_only' is invalid (2 problems)");
    }

    @Test
    void refusesADescriptorNamingAnother()
    {
        assertThatCode(() -> DescriptorChecks.checkNamed("product", "orders", "orders")).doesNotThrowAnyException();
        assertThatThrownBy(() -> DescriptorChecks.checkNamed("product", "orders", "sales"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.toApiError().violations())
                        .containsExactly(new Violation("metadata.name", "sales", "must equal the product named in the URL ('orders')")))
                .hasMessage("product name in the URL and in the descriptor differ");
    }
}
