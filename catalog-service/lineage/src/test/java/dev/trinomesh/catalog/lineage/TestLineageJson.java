package dev.trinomesh.catalog.lineage;

import dev.trinomesh.api.lineage.OpenLineage.ColumnMask;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON the store keeps reads back as it was written. */
class TestLineageJson
{
    private static final Instant TIME = Instant.parse("2025-06-01T12:00:00.123Z");

    @Test
    void readsRoundTrip()
    {
        List<ReadRow> reads = List.of(
                new ReadRow(Node.dataset("trino", "lake.a.t"), true, false, List.of("mesh.a.v"), List.of("x", "y"), List.of("y > 0"), List.of(new ColumnMask("x", "'***'"))),
                new ReadRow(Node.dataset("trino", "mesh.a.v"), false, true, List.of(), List.of(), List.of(), List.of()));
        String json = LineageJson.reads(reads, 10_000);
        assertThat(json).doesNotContain("\"cols\":[]");
        assertThat(LineageJson.reads(json)).isEqualTo(reads);
        assertThat(LineageJson.reads(List.of(), 10_000)).isNull();
        // Too long: the last datasets go.
        assertThat(LineageJson.reads(LineageJson.reads(reads, json.length() - 1))).containsExactly(reads.getFirst());
    }

    @Test
    void usageDeltasAndPostingsRoundTrip()
    {
        List<UsageDelta> deltas = List.of(new UsageDelta(42, "ann \"the\" analyst", 3, TIME, TIME.plusSeconds(5)), new UsageDelta(-7, "bob", 1, TIME, TIME));
        assertThat(LineageJson.deltas(LineageJson.deltas(deltas))).isEqualTo(deltas);
        UUID run = UUID.fromString("0190b2c4-6f0e-7d1a-9a5e-2f8c1b3d4e5f");
        List<Posting> postings = List.of(new Posting(42, run, TIME), new Posting(43, run, TIME.plusMillis(1)));
        assertThat(LineageJson.postings(LineageJson.postings(postings))).isEqualTo(postings);
        assertThat(LineageJson.runs(42, LineageJson.runs(postings.subList(0, 1)))).containsExactly(postings.getFirst());
        assertThat(LineageJson.groups(LineageJson.groups(Set.of("b", "a")))).containsExactlyInAnyOrder("a", "b");
        assertThat(LineageJson.groups(Set.of())).isNull();
    }

    @Test
    void usageDeltasSumByKeyInKeyOrder()
    {
        List<UsageDelta> sums = UsageDelta.sum(List.of(
                new UsageDelta(2, "bob", 1, TIME.plusSeconds(9), TIME.plusSeconds(9)),
                new UsageDelta(1, "ann", 1, TIME, TIME),
                new UsageDelta(2, "bob", 2, TIME, TIME.plusSeconds(3))));
        assertThat(sums).containsExactly(
                new UsageDelta(1, "ann", 1, TIME, TIME),
                new UsageDelta(2, "bob", 3, TIME, TIME.plusSeconds(9)));
    }
}
