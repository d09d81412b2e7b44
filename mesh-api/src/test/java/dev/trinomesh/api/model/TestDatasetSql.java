package dev.trinomesh.api.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestDatasetSql
{
    private static final List<Column> COLUMNS = List.of(new Column("orderkey", "bigint", false, false, null, List.of()), new Column("from", "varchar", false, false, null, List.of()));

    @Test
    void aTableSourceIsReadAtASnapshotByABigintId()
    {
        Dataset orders = new Dataset("orders", null, DatasetSource.ofTable("lake.shop.orders"), COLUMNS, null, null);
        assertThat(DatasetSql.select(orders)).isEqualTo("SELECT \"orderkey\", \"from\" FROM \"lake\".\"shop\".\"orders\"");
        // Iceberg takes a bigint as a snapshot id, never an integer: a small id is spelled as a bigint too.
        assertThat(DatasetSql.select(orders, OptionalLong.of(1))).isEqualTo("SELECT \"orderkey\", \"from\" FROM \"lake\".\"shop\".\"orders\" FOR VERSION AS OF BIGINT '1'");
        assertThat(DatasetSql.select(orders, OptionalLong.of(8123456789L))).endsWith(" FOR VERSION AS OF BIGINT '8123456789'");
    }

    @Test
    void aSqlSourceHasNoSnapshots()
    {
        Dataset derived = new Dataset("derived", null, DatasetSource.ofSql("SELECT 1 AS orderkey, 'x' AS \"from\""), COLUMNS, null, null);
        assertThat(DatasetSql.select(derived)).isEqualTo("SELECT \"orderkey\", \"from\" FROM (\nSELECT 1 AS orderkey, 'x' AS \"from\"\n) source");
        assertThatThrownBy(() -> DatasetSql.select(derived, OptionalLong.of(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
