package dev.trinomesh.lineage;

import com.google.inject.Injector;
import dev.trinomesh.api.client.CatalogServiceClientModule;
import io.airlift.bootstrap.Bootstrap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import static dev.trinomesh.lineage.Conditions.await;
import static dev.trinomesh.lineage.TestingQueryEvents.read;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The listener when its disk or its process fails, with real files and real processes: a spool whose file system is
 * full or read-only (a small tmpfs where this process may mount one, as root in CI), and a listener JVM killed with
 * SIGKILL while events are queued. The destination is the real catalog service, stopped during the outage.
 */
class TestListenerFaults
{
    private static final String TOKEN = RestartableCatalogService.TRINO_TOKEN;
    /** The listener's default batch linger: what the kill test's bound is about. */
    private static final long LINGER_MILLIS = 200;

    @TempDir
    Path directory;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<MeshLineageListener> listeners = new ArrayList<>();
    private final List<String> spoolLog = new CopyOnWriteArrayList<>();
    private final Handler logHandler = new Handler()
    {
        @Override
        public void publish(LogRecord record)
        {
            spoolLog.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @AfterEach
    void tearDown()
            throws Exception
    {
        Logger.getLogger(Spool.class.getName()).removeHandler(logHandler);
        listeners.forEach(MeshLineageListener::shutdown);
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
    }

    @Test
    void aFullDiskLosesOnlyWhatDoesNotFitAndSpoolingResumesWithRoom()
            throws Exception
    {
        Path mountPoint = Files.createDirectories(directory.resolve("small-disk"));
        Optional<TestingTmpfs> tmpfs = TestingTmpfs.mount(mountPoint, "64k");
        // the spool's own size limit (mesh.lineage.spool-max-size) is tested with TestLineageDelivery; a full disk needs a mount
        assumeTrue(tmpfs.isPresent(), "cannot mount a tmpfs here (not root)");
        closeables.add(tmpfs.orElseThrow());
        // the disk is nearly full before the outage: room for a few events only (a page each, one event a segment)
        Path filler = mountPoint.resolve("filler");
        Files.write(filler, new byte[40 * 1024]);
        RestartableCatalogService service = closeLater(RestartableCatalogService.stopped(directory.resolve("catalog")));
        MeshLineageListener listener = listener(service, mountPoint, Map.of("mesh.lineage.batch-size", "1"));
        DestinationStats stats = stats(listener);
        captureSpoolLog();

        send(listener, ids(0, 20));
        await("each event is spooled or lost to the full disk", () -> stats.getSpooled() + stats.getDroppedSpoolFull() == 20, stats::toString);
        long kept = stats.getSpooled();
        assertThat(kept).isBetween(1L, 10L);
        assertThat(spoolLog).anySatisfy(message -> assertThat(message).contains("writing the spool").contains("No space left on device"));
        assertThat(senderAlive(listener)).isTrue();

        // room again: the next events are spooled, none lost
        Files.delete(filler);
        send(listener, ids(20, 25));
        await("the events after the room returned are spooled", () -> stats.getSpooled() == kept + 5, stats::toString);
        assertThat(stats.getDroppedSpoolFull()).isEqualTo(20 - kept);

        service.start();
        await("the spool is replayed", () -> stats.getSent() == kept + 5 && stats.getSpoolSegments() == 0, stats::toString);
        List<String> expected = new ArrayList<>(ids(0, (int) kept));
        expected.addAll(ids(20, 25));
        assertThat(service.storedQueryIds()).isEqualTo(expected);
    }

    @Test
    void aReadOnlySpoolLosesWhatCannotBeWrittenAndSpoolingResumesWhenWritable()
            throws Exception
    {
        Path spoolDir = Files.createDirectories(directory.resolve("spool"));
        RestartableCatalogService service = closeLater(RestartableCatalogService.stopped(directory.resolve("catalog")));
        MeshLineageListener listener = listener(service, spoolDir, Map.of());
        DestinationStats stats = stats(listener);
        captureSpoolLog();
        Path destination = spoolDir.resolve("catalog-service");

        // Root ignores permissions: it gets a read-only file system over the directory instead.
        Optional<TestingTmpfs> readOnly = TestingTmpfs.mountReadOnly(destination);
        readOnly.ifPresent(closeables::add);
        if (readOnly.isEmpty()) {
            Files.setPosixFilePermissions(destination, PosixFilePermissions.fromString("r-x------"));
        }
        send(listener, ids(0, 5));
        await("the events that cannot be written are counted", () -> stats.getDroppedSpoolFull() == 5, stats::toString);
        assertThat(stats.getSpooled()).isZero();
        assertThat(spoolLog).anySatisfy(message -> assertThat(message).contains("writing the spool").contains("events are lost"));
        assertThat(senderAlive(listener)).isTrue();

        if (readOnly.isPresent()) {
            readOnly.orElseThrow().close();
        }
        else {
            Files.setPosixFilePermissions(destination, PosixFilePermissions.fromString("rwx------"));
        }
        send(listener, ids(5, 10));
        await("the events after the directory is writable again are spooled", () -> stats.getSpooled() == 5, stats::toString);
        service.start();
        await("the spool is replayed", () -> stats.getSent() == 5 && stats.getSpoolSegments() == 0, stats::toString);
        assertThat(service.storedQueryIds()).isEqualTo(ids(5, 10));
        assertThat(stats.getDroppedSpoolFull()).isEqualTo(5);
    }

    /**
     * The bound on what a SIGKILL loses during an outage: the events of the last {@code mesh.lineage.batch-linger}
     * (they wait in memory for their batch to fill) and the batch being written. The listener runs in its own JVM,
     * given a query every 5 ms, and is killed; a new listener on the same spool delivers the rest.
     */
    @Test
    void aKilledListenerLosesAtMostTheEventsOfItsLastBatchLinger()
            throws Exception
    {
        Path spoolDir = directory.resolve("spool");
        RestartableCatalogService service = closeLater(RestartableCatalogService.stopped(directory.resolve("catalog")));
        Path stderr = directory.resolve("listener-process.err");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ListenerProcess.class.getName(),
                spoolDir.toString(), service.uri().toString(), TOKEN, "5", "mesh.lineage.batch-linger=" + LINGER_MILLIS + "ms")
                .redirectError(stderr.toFile())
                .start();
        closeables.add(process::destroyForcibly);
        List<long[]> offered = new ArrayList<>();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith("offered ")) {
                    String[] parts = line.split(" ");
                    offered.add(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                    if (offered.size() == 600) {
                        // SIGKILL on Linux: no shutdown hook, no listener shutdown, nothing flushed. Through the handle, so
                        // that the lines the process printed before it died can still be read (Process.destroy closes them).
                        process.toHandle().destroyForcibly();
                    }
                }
            }
        }
        process.waitFor();
        assertThat(offered).as("the listener process's offers; its errors: %s", Files.readString(stderr)).hasSizeGreaterThanOrEqualTo(600);

        service.start();
        MeshLineageListener listener = listener(service, spoolDir, Map.of());
        DestinationStats stats = stats(listener);
        await("what the killed listener spooled is replayed", () -> stats.getSpoolSegments() == 0 && stats.getReplayed() > 0, stats::toString);
        List<String> stored = service.storedQueryIds();
        int delivered = stored.size();
        // what was spooled is an unbroken prefix of what was offered: only the most recent events are lost
        assertThat(stored).isEqualTo(IntStream.range(0, delivered).mapToObj("q%05d"::formatted).toList());
        // an event offered just before the kill may be stored without its line printed
        int lost = Math.max(0, offered.size() - delivered);
        long lostWindowMillis = lost == 0 ? 0 : NANOSECONDS.toMillis(offered.getLast()[1] - offered.get(delivered)[1]);
        System.out.printf("SIGKILL with the catalog service away: %s of %s events lost, offered in the last %s ms before the kill (batch-linger %s ms)%n",
                lost, offered.size(), lostWindowMillis, LINGER_MILLIS);
        // the linger, plus one fsync'd append and scheduling on a busy machine
        assertThat(lostWindowMillis).isLessThanOrEqualTo(LINGER_MILLIS + 1000);
    }

    private MeshLineageListener listener(RestartableCatalogService service, Path spoolDir, Map<String, String> overrides)
    {
        Map<String, String> config = new HashMap<>(Map.of(
                "mesh.catalog-service.uri", service.uri().toString(),
                "mesh.catalog-service.token", TOKEN,
                "mesh.lineage.spool-dir", spoolDir.toString(),
                "mesh.lineage.batch-linger", "5ms",
                "mesh.lineage.retry-initial-delay", "20ms",
                "mesh.lineage.retry-max-delay", "100ms",
                "mesh.catalog-service.http-client.request-timeout", "1m"));
        config.putAll(overrides);
        Injector injector = new Bootstrap(new CatalogServiceClientModule(), new MeshLineageModule())
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        MeshLineageListener listener = injector.getInstance(MeshLineageListener.class);
        listeners.add(listener);
        listener.start();
        return listener;
    }

    private void captureSpoolLog()
    {
        Logger.getLogger(Spool.class.getName()).addHandler(logHandler);
    }

    private <T extends AutoCloseable> T closeLater(T closeable)
    {
        closeables.add(closeable);
        return closeable;
    }

    private static boolean senderAlive(MeshLineageListener listener)
            throws InterruptedException
    {
        return !listener.destinations().getFirst().awaitTermination(System.nanoTime());
    }

    private static DestinationStats stats(MeshLineageListener listener)
    {
        return listener.destinations().getFirst().stats();
    }

    private static void send(MeshLineageListener listener, List<String> queryIds)
    {
        queryIds.forEach(queryId -> listener.queryCompleted(read(queryId)));
    }

    private static List<String> ids(int from, int to)
    {
        return IntStream.range(from, to).mapToObj("q%02d"::formatted).toList();
    }
}
