package dev.trinomesh.catalog.data.request;

import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TestRequestParser
{
    private static final List<Column> COLUMNS = List.of(
            new Column("id", "bigint", true, true, null, null),
            new Column("label", "varchar", false, false, null, null),
            new Column("day", "date", false, false, null, null),
            new Column("tags", "array(varchar)", false, false, null, null));

    @Test
    void filtersFieldsAndOrder()
    {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("fields", List.of("label, id"));
        parameters.put("order", List.of("day.desc,label"));
        parameters.put("id.in", List.of("1,2,3"));
        parameters.put("label", List.of("a\\,b"));
        parameters.put("day.between", List.of("2024-01-01,2024-12-31"));
        parameters.put("tags.is_null", List.of("FALSE"));
        ReadQuery query = new RequestParser("samples", COLUMNS).parse(parameters);
        assertThat(query.fields()).containsExactly("label", "id");
        assertThat(query.order()).containsExactly(new SortKey("day", true), new SortKey("label", false));
        assertThat(query.filters()).containsExactly(
                new Filter("id", FilterOperator.IN, List.of("1", "2", "3")),
                new Filter("label", FilterOperator.EQ, List.of("a\\,b")),
                new Filter("day", FilterOperator.BETWEEN, List.of("2024-01-01", "2024-12-31")),
                new Filter("tags", FilterOperator.IS_NULL, List.of("false")));
        assertThat(query.filters().get(0).sql(ContractType.of("bigint"))).isEqualTo("\"id\" IN (CAST(1 AS bigint), CAST(2 AS bigint), CAST(3 AS bigint))");
        assertThat(query.filters().get(3).sql(ContractType.of("array(varchar)"))).isEqualTo("\"tags\" IS NOT NULL");
        assertThat(RequestParser.splitList("a\\,b,c\\\\,d")).containsExactly("a,b", "c\\", "d");
    }

    @Test
    void everyProblemIsNamedAtOnce()
    {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("fields", List.of("id,price"));
        parameters.put("order", List.of("tags"));
        parameters.put("id.gt", List.of("x"));
        parameters.put("label.matches", List.of("a"));
        parameters.put("price", List.of("1"));
        parameters.put("day.like", List.of("2024%"));
        parameters.put("label.like", List.of("a\\"));
        ServiceException refusal = catchThrowableOfType(ServiceException.class, () -> new RequestParser("samples", COLUMNS).parse(parameters));
        assertThat(refusal.status()).isEqualTo(400);
        List<Violation> violations = refusal.toApiError().violations();
        assertThat(violations).extracting(Violation::path).containsExactly("fields", "order", "id.gt", "label.matches", "price", "day.like", "label.like");
        assertThat(violations.get(2).rule()).contains("column id is a bigint").contains("whole number");
        assertThat(violations.get(4).rule()).contains("its columns are id, label, day, tags");
    }

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
