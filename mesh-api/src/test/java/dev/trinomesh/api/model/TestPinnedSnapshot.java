package dev.trinomesh.api.model;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestPinnedSnapshot
{
    @Test
    void aPinnedTableIsNamedAfterItsTableAndSnapshot()
    {
        assertThat(PinnedSnapshot.tableName("orders", 8123456789L)).isEqualTo("orders@snapshot:8123456789");
        assertThat(PinnedSnapshot.tableName("orders_v1", 0)).isEqualTo("orders_v1@snapshot:0");
        assertThat(PinnedSnapshot.parse("orders@snapshot:8123456789")).contains(new PinnedSnapshot("orders", 8123456789L));
        assertThat(PinnedSnapshot.parse("orders_v1@snapshot:0")).contains(new PinnedSnapshot("orders_v1", 0));
        for (long snapshotId : new long[] {0, 1, 42, 8123456789L, Long.MAX_VALUE}) {
            String name = PinnedSnapshot.tableName("orders", snapshotId);
            assertThat(PinnedSnapshot.parse(name)).as(name).contains(new PinnedSnapshot("orders", snapshotId));
        }
    }

    @Test
    void onlyOneSpellingOfANonNegativeSnapshotIdIsAName()
    {
        for (String name : new String[] {
                "orders", "orders@snapshot:", "orders@snapshot:-1", "orders@snapshot:+1", "orders@snapshot:01", "orders@snapshot:00",
                "orders@snapshot:1 ", "orders@snapshot:1a", "orders@snapshot:0x1f", "orders@snapshot:9223372036854775808",
                "orders@snapshot:99999999999999999999", "@snapshot:1", "orders@SNAPSHOT:1", "orders@2026-q3", "orders@snapshot"}) {
            assertThat(PinnedSnapshot.parse(name)).as(name).isEmpty();
        }
        assertThatThrownBy(() -> PinnedSnapshot.tableName("orders", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinnedSnapshot.tableName("", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReleaseIsNeverNamedLikeAPinnedTable()
    {
        // Release names have no ':', so <dataset>@<release> cannot end in @snapshot:<id>; "snapshot" alone is a fine release name.
        assertThat(DatasetRelease.NAME.matcher("snapshot:1").matches()).isFalse();
        assertThat(DatasetRelease.NAME.matcher("snapshot").matches()).isTrue();
        assertThat(PinnedSnapshot.parse(DatasetRelease.tableName("orders", "snapshot"))).isEmpty();
        // A release's table can be named as the base of a pinned name; the mesh catalog refuses to pin it (it is pinned already).
        assertThat(PinnedSnapshot.parse("orders@2026-q3@snapshot:7")).isEqualTo(Optional.of(new PinnedSnapshot("orders@2026-q3", 7)));
    }
}
