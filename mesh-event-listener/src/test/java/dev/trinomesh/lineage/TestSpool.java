package dev.trinomesh.lineage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestSpool
{
    @TempDir
    Path directory;

    private final List<Spool> opened = new ArrayList<>();

    @AfterEach
    void closeSpools()
    {
        opened.forEach(Spool::close);
    }

    @Test
    void segmentsHoldOneBatchAndReplayOldestFirst()
            throws IOException
    {
        DestinationStats stats = new DestinationStats("test");
        Spool spool = open(1_000_000, SpoolFullPolicy.DROP_NEWEST, 2, stats);

        assertThat(spool.append(lines("e1", "e2", "e3"))).isEqualTo(3);
        assertThat(spool.append(lines("e4"))).isEqualTo(1);

        assertThat(spool.segmentCount()).isEqualTo(2);
        assertThat(spool.sizeBytes()).isEqualTo(12);
        assertThat(stats.getSpooled()).isEqualTo(4);

        Spool.Segment first = spool.oldest().orElseThrow();
        assertThat(text(spool.read(first))).containsExactly("e1", "e2");
        spool.remove(first);
        assertThat(Files.exists(first.path())).isFalse();

        // the tail is sealed when it becomes the oldest, so appends go to a new segment behind it
        Spool.Segment second = spool.oldest().orElseThrow();
        spool.append(lines("e5"));
        assertThat(text(spool.read(second))).containsExactly("e3", "e4");
        spool.remove(second);
        Spool.Segment third = spool.oldest().orElseThrow();
        assertThat(text(spool.read(third))).containsExactly("e5");
        spool.remove(third);

        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.sizeBytes()).isZero();
    }

    @Test
    void retainKeepsOnlyTheUndeliveredEvents()
            throws IOException
    {
        Spool spool = open(1_000_000, SpoolFullPolicy.DROP_NEWEST, 10, new DestinationStats("test"));
        spool.append(lines("e1", "e2", "e3"));
        Spool.Segment segment = spool.oldest().orElseThrow();
        List<byte[]> events = spool.read(segment);

        spool.retain(segment, events.subList(2, 3));

        assertThat(text(spool.read(segment))).containsExactly("e3");
        assertThat(spool.sizeBytes()).isEqualTo(3);
        assertThat(Files.readString(segment.path())).isEqualTo("e3\n");
    }

    @Test
    void survivesARestartAndCutsALineTornByACrash()
            throws IOException
    {
        Spool first = open(1_000_000, SpoolFullPolicy.DROP_NEWEST, 2, new DestinationStats("test"));
        first.append(lines("e1", "e2", "e3"));
        first.close();
        // a crash in the middle of a write
        Path last;
        try (Stream<Path> files = Files.list(directory)) {
            last = files.filter(file -> file.getFileName().toString().endsWith(".ndjson")).sorted().toList().getLast();
        }
        Files.writeString(last, "{\"partial", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(directory.resolve("segment-00000000000000000001.ndjson.tmp"), "left by a crashed rewrite");

        Spool second = open(1_000_000, SpoolFullPolicy.DROP_NEWEST, 2, new DestinationStats("test"));
        second.recover();

        assertThat(second.segmentCount()).isEqualTo(2);
        assertThat(second.sizeBytes()).isEqualTo(9);
        assertThat(text(second.read(second.oldest().orElseThrow()))).containsExactly("e1", "e2");
        second.remove(second.oldest().orElseThrow());
        assertThat(text(second.read(second.oldest().orElseThrow()))).containsExactly("e3");
        assertThat(directory.resolve("segment-00000000000000000001.ndjson.tmp")).doesNotExist();

        // numbering continues after the recovered segments
        second.append(lines("e4"));
        assertThat(directory.resolve("segment-00000000000000000003.ndjson")).exists();
    }

    @Test
    void dropNewestKeepsWhatIsSpooled()
            throws IOException
    {
        DestinationStats stats = new DestinationStats("test");
        Spool spool = open(12, SpoolFullPolicy.DROP_NEWEST, 10, stats);

        assertThat(spool.append(lines("e1", "e2", "e3", "e4", "e5"))).isEqualTo(4);
        assertThat(spool.append(lines("e6"))).isZero();

        assertThat(stats.getSpooled()).isEqualTo(4);
        assertThat(stats.getDroppedSpoolFull()).isEqualTo(2);
        assertThat(text(spool.read(spool.oldest().orElseThrow()))).containsExactly("e1", "e2", "e3", "e4");
    }

    @Test
    void dropOldestDeletesTheOldestSegments()
            throws IOException
    {
        DestinationStats stats = new DestinationStats("test");
        Spool spool = open(12, SpoolFullPolicy.DROP_OLDEST, 2, stats);

        spool.append(lines("e1", "e2", "e3", "e4", "e5", "e6"));

        assertThat(stats.getSpooled()).isEqualTo(6);
        assertThat(stats.getDroppedSpoolFull()).isEqualTo(2);
        List<String> left = new ArrayList<>();
        while (!spool.isEmpty()) {
            Spool.Segment segment = spool.oldest().orElseThrow();
            left.addAll(text(spool.read(segment)));
            spool.remove(segment);
        }
        assertThat(left).containsExactly("e3", "e4", "e5", "e6");
    }

    @Test
    void dropOldestCountsEventsOfSegmentsFromAnEarlierRun()
            throws IOException
    {
        Spool first = open(1000, SpoolFullPolicy.DROP_OLDEST, 3, new DestinationStats("test"));
        first.append(lines("e1", "e2", "e3"));
        first.close();

        DestinationStats stats = new DestinationStats("test");
        Spool second = open(12, SpoolFullPolicy.DROP_OLDEST, 3, stats);
        second.recover();
        second.append(lines("e4", "e5", "e6", "e7"));

        assertThat(stats.getDroppedSpoolFull()).isEqualTo(3);
        assertThat(text(second.read(second.oldest().orElseThrow()))).containsExactly("e4", "e5", "e6");
    }

    @Test
    void aDirectoryIsUsedByOneSpoolAtATime()
            throws IOException
    {
        open(1000, SpoolFullPolicy.DROP_NEWEST, 10, new DestinationStats("test"));

        Spool second = new Spool("test", directory, 1000, SpoolFullPolicy.DROP_NEWEST, 10, new DestinationStats("test"));
        assertThatThrownBy(second::lock).hasMessageContaining("uses " + directory);
    }

    private Spool open(long maxBytes, SpoolFullPolicy policy, int linesPerSegment, DestinationStats stats)
            throws IOException
    {
        Spool spool = new Spool("test", directory, maxBytes, policy, linesPerSegment, stats);
        spool.lock();
        opened.add(spool);
        return spool;
    }

    private static List<byte[]> lines(String... values)
    {
        return IntStream.range(0, values.length).mapToObj(i -> values[i].getBytes(UTF_8)).toList();
    }

    private static List<String> text(List<byte[]> lines)
    {
        return lines.stream().map(line -> new String(line, UTF_8)).toList();
    }
}
