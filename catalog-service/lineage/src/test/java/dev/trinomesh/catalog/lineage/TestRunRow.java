package dev.trinomesh.catalog.lineage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A run merged from its events, whatever order they arrive in. */
class TestRunRow
{
    private static final UUID RUN = UUID.fromString("0190b2c4-6f0e-7d1a-9a5e-2f8c1b3d4e5f");
    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");
    private static final Instant END = Instant.parse("2025-06-01T12:05:00Z");

    @Test
    void laterEventsDecideTheStateAndFillInWhatIsMissing()
    {
        RunRow start = run("START", START, null, null, "START", List.of(read("lake.a.t")));
        RunRow complete = run("COMPLETE", END, "ann", "INSERT INTO x SELECT * FROM t", "COMPLETE", List.of(read("lake.a.u")));
        for (RunRow merged : List.of(start.merge(complete), complete.merge(start))) {
            assertThat(merged.eventKeys()).containsExactlyInAnyOrder("START", "COMPLETE");
            assertThat(merged.state()).isEqualTo("COMPLETE");
            assertThat(merged.eventType()).isEqualTo("COMPLETE");
            assertThat(merged.user()).isEqualTo("ann");
            assertThat(merged.queryText()).isEqualTo("INSERT INTO x SELECT * FROM t");
            assertThat(merged.queryHash()).isEqualTo(RunRow.queryHash("INSERT INTO x SELECT * FROM t"));
            assertThat(merged.startedAt()).isEqualTo(START);
            assertThat(merged.endedAt()).isEqualTo(END);
            assertThat(merged.eventTime()).isEqualTo(END);
            assertThat(merged.reads()).extracting(read -> read.dataset().dataset()).containsExactlyInAnyOrder("lake.a.t", "lake.a.u");
        }
        assertThat(start.merge(complete).hasEvent("START")).isTrue();
        assertThat(start.hasEvent("COMPLETE")).isFalse();
    }

    @Test
    void keepsTheNewestEventKeysOnly()
    {
        RunRow run = run("RUNNING@0", START, null, null, "RUNNING", List.of());
        for (int i = 1; i < 100; i++) {
            run = run.merge(run("RUNNING@" + i, START.plusSeconds(i), null, null, "RUNNING", List.of()));
        }
        assertThat(run.eventKeys()).hasSize(RunRow.MAX_EVENT_KEYS).containsExactlyElementsOf(IntStream.range(100 - RunRow.MAX_EVENT_KEYS, 100).mapToObj(i -> "RUNNING@" + i).toList());
    }

    private static RunRow run(String eventKey, Instant time, String user, String query, String state, List<ReadRow> reads)
    {
        return new RunRow(RUN, List.of(eventKey), "ns", "job", "producer", null, user, Set.of(), null, null, null, null, null, null, state, null, null,
                query, RunRow.queryHash(query), reads, time, state.equals("COMPLETE") ? time : null, state, time);
    }

    private static ReadRow read(String dataset)
    {
        return new ReadRow(Node.dataset("trino", dataset), true, true, List.of(), List.of("c"), List.of(), List.of());
    }
}
