package dev.trinomesh.catalog.data.read;

import dev.trinomesh.catalog.data.request.ContractType;
import dev.trinomesh.catalog.data.request.Filter;
import dev.trinomesh.catalog.data.request.FilterOperator;
import dev.trinomesh.catalog.data.request.SortKey;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class TestPageSql
{
    private static final Map<String, ContractType> TYPES = types();

    @Test
    void aKeysetPageStartsAfterTheLastRowInTheCallersOrderThenTheUniqueColumns()
    {
        PageSql page = new PageSql(List.of("label"), List.of(new Filter("label", FilterOperator.NE, List.of("x"))), List.of(new SortKey("day", true)), List.of("id"), TYPES);
        assertThat(page.keyset()).isTrue();
        assertThat(page.selected()).containsExactly("label", "day", "id");
        assertThat(page.keyIndexes()).containsExactly(1, 2);
        assertThat(page.sql("t", null, 0, OptionalLong.of(101))).isEqualTo("SELECT \"label\", \"day\", \"id\" FROM t WHERE (\"label\" <> 'x') ORDER BY \"day\" DESC NULLS LAST, \"id\" ASC NULLS LAST LIMIT 101");
        assertThat(page.sql("t", List.of("2024-01-31", "7"), 0, OptionalLong.of(101))).isEqualTo("SELECT \"label\", \"day\", \"id\" FROM t WHERE (\"label\" <> 'x') AND "
                + "(((\"day\" < DATE '2024-01-31' OR \"day\" IS NULL)) OR (\"day\" = DATE '2024-01-31' AND (\"id\" > CAST(7 AS bigint) OR \"id\" IS NULL))) "
                + "ORDER BY \"day\" DESC NULLS LAST, \"id\" ASC NULLS LAST LIMIT 101");
        // After a null (nulls are last), only rows with the same null and a later id.
        assertThat(page.sql("t", Arrays.asList(null, "7"), 0, OptionalLong.of(10))).contains("WHERE (\"label\" <> 'x') AND ((\"day\" IS NULL AND (\"id\" > CAST(7 AS bigint) OR \"id\" IS NULL)))");
    }

    @Test
    void withoutUniqueColumnsEveryColumnOrdersAndAnOffsetPositions()
    {
        PageSql page = new PageSql(List.of("id", "label"), List.of(), List.of(), List.of(), TYPES);
        assertThat(page.keyset()).isFalse();
        assertThat(page.selected()).containsExactly("id", "label");
        assertThat(page.sql("t", null, 200, OptionalLong.of(101))).isEqualTo("SELECT \"id\", \"label\" FROM t ORDER BY \"day\" ASC NULLS LAST, \"id\" ASC NULLS LAST, \"label\" ASC NULLS LAST OFFSET 200 LIMIT 101");
        // A stream is not bounded in SQL: Trino streams a sort, where a TopN of a large LIMIT returns nothing until the end.
        assertThat(page.sql("t", null, 0, OptionalLong.empty())).endsWith("ORDER BY \"day\" ASC NULLS LAST, \"id\" ASC NULLS LAST, \"label\" ASC NULLS LAST");
    }

    private static Map<String, ContractType> types()
    {
        Map<String, ContractType> types = new LinkedHashMap<>();
        types.put("id", ContractType.of("bigint"));
        types.put("label", ContractType.of("varchar"));
        types.put("day", ContractType.of("date"));
        types.put("tags", ContractType.of("array(varchar)"));
        return types;
    }
}
