package dev.trinomesh.catalog.data.request;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.catalog.core.ServiceException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestRequestParser
{
    private static final List<Column> CONTRACT = List.of(
            new Column("orderkey", "bigint", true, true, null, null),
            new Column("orderstatus", "varchar", false, false, null, null));

    @Test
    void aRepeatedInListsMoreAlternatives()
    {
        ReadQuery query = new RequestParser("orders", CONTRACT).parse(Map.of("orderstatus.in", List.of("F", "O,P")));
        assertThat(query.filters()).containsExactly(new Filter("orderstatus", FilterOperator.IN, List.of("F", "O", "P")));
        assertThat(query.filters().getFirst().sql(ContractType.of("varchar"))).isEqualTo("\"orderstatus\" IN ('F', 'O', 'P')");
    }

    @Test
    void otherRepeatedFiltersAllHold()
    {
        ReadQuery query = new RequestParser("orders", CONTRACT).parse(Map.of("orderkey.gt", List.of("1", "5")));
        assertThat(query.filters()).containsExactly(
                new Filter("orderkey", FilterOperator.GT, List.of("1")),
                new Filter("orderkey", FilterOperator.GT, List.of("5")));
    }

    @Test
    void aRepeatedInHasAtMostTheValuesOfOne()
    {
        List<String> values = List.of(String.join(",", Collections.nCopies(600, "1")), String.join(",", Collections.nCopies(600, "2")));
        assertThatThrownBy(() -> new RequestParser("orders", CONTRACT).parse(Map.of("orderkey.in", values)))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.toApiError().describe()).contains("orderkey.in: in takes 1 to 1000 values in all"));
    }
}
