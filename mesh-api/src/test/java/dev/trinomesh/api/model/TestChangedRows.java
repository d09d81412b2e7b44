package dev.trinomesh.api.model;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestChangedRows
{
    @Test
    void oneSpellingPerRange()
    {
        assertThat(ChangedRows.tableName("orders", 41, 42)).isEqualTo("orders@changes:41:42");
        assertThat(ChangedRows.parse("orders@changes:41:42")).contains(new ChangedRows("orders", 41, 42));
        assertThat(ChangedRows.parse("a@b@changes:0:9223372036854775807")).contains(new ChangedRows("a@b", 0, Long.MAX_VALUE));
        for (String name : new String[] {"orders", "orders@changes:41", "orders@changes:041:42", "orders@changes:-1:2", "orders@changes:1:2:3", "@changes:1:2",
                "orders@changes:1:9223372036854775808", "orders@snapshot:42"}) {
            assertThat(ChangedRows.parse(name)).as(name).isEqualTo(Optional.empty());
        }
    }

    @Test
    void theTableAVariantStandsFor()
    {
        assertThat(ChangedRows.baseTable("orders@changes:1:2")).isEqualTo("orders");
        assertThat(ChangedRows.baseTable("orders@snapshot:2")).isEqualTo("orders");
        assertThat(ChangedRows.baseTable("orders@2026-q3")).isEqualTo("orders@2026-q3");
        assertThat(ChangedRows.baseTable("orders")).isEqualTo("orders");
    }

    @Test
    void theDatasetsQueryOverItsSourcesChanges()
    {
        Dataset orders = new Dataset("orders", null, DatasetSource.ofTable("lake.shop.orders"), java.util.List.of(
                new Column("id", "bigint", false, false, null, java.util.List.of()), new Column("total", "double", false, false, null, java.util.List.of())), null, null);
        assertThat(DatasetSql.changes(orders, 41, 42)).isEqualTo(
                "SELECT \"id\", \"total\" FROM TABLE(\"lake\".system.table_changes(schema_name => 'shop', table_name => 'orders', start_snapshot_id => BIGINT '41', end_snapshot_id => BIGINT '42')) WHERE \"_change_type\" = 'insert'");
        assertThat(DatasetSql.changes(orders, 42, 42)).isEqualTo("SELECT \"id\", \"total\" FROM \"lake\".\"shop\".\"orders\" FOR VERSION AS OF BIGINT '42' WHERE false");
    }
}
